"""The one build step pyproject.toml cannot declare: the review pages' gettext catalogs compiled to MO.

Everything else about the package is in pyproject.toml. ``build_py`` (run when
a wheel is built, and so when the package is installed from its source) writes
``<domain>.mo`` beside each ``stmtl10n/review/locale/<lang>/LC_MESSAGES/<domain>.po``
it copies, with babel, fuzzy entries left out as msgfmt leaves them out. The
source tree holds no MO file: run from it (an editable install, the tests),
``stmtl10n.review.i18n`` compiles the PO files in memory instead, so no stale
MO can ever be read there.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogs(build_py):
    """``build_py``, then each review catalog it copied compiled to MO beside it."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the source tree, where the PO files are compiled when used
        from babel.messages.mofile import write_mo  # the build needs babel: see [build-system] requires
        from babel.messages.pofile import read_po

        locale = Path(self.build_lib) / "stmtl10n" / "review" / "locale"
        for po_path in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            lang = po_path.parent.parent.name
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=lang, domain=po_path.stem)
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildPyWithCatalogs})
