"""The names settings choose from: machine engines and checks.

They live here, below :mod:`stmtl10n.config`, so that reading settings needs
neither the engines nor the checks. Each registry is tested to match its list.
"""

from __future__ import annotations

ENGINE_NAMES = ("deepl", "apertium", "libretranslate", "llm")
CHECK_NAMES = (
    "markup", "identifiers", "numbers", "dates", "names", "punctuation", "wrong-language", "untranslated",
    "unchanged", "length", "machine-marks", "consistency",
)
