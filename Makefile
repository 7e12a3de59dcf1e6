# Set-up and the two everyday targets. Run as root on Debian: each install is
# skipped when it is already there, so a second `make demo` goes straight to work.

VENV := .venv
PYTHON := $(VENV)/bin/python
STMTL10N := $(VENV)/bin/stmtl10n
STAMP := $(VENV)/.installed
# gettext for msgfmt/msgcat (the tests' oracle), Apertium and its pairs for the
# offline engine, Chromium for the review server's browser tests and for printing
# statements to PDF (build --format pdf), with Noto fonts for Arabic and CJK, and
# poppler-utils (pdftotext) for the tests that read those PDFs back.
DEBIAN_PACKAGES := gettext libreoffice-writer apertium apertium-eng-spa apertium-fr-es chromium fonts-noto-core fonts-noto-cjk poppler-utils wamerican wbritish wfrench wspanish wngerman witalian wportuguese

.PHONY: demo test lint debian-packages venv clean

debian-packages:
	@missing=""; \
	for pkg in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# The main job on statements/, offline: Apertium drafts Spanish and French;
# Arabic needs DEEPL_AUTH_KEY and says so. Drafts are fuzzy, so the build
# publishes them with --include-fuzzy for reading.
demo: debian-packages venv
	$(STMTL10N) extract
	$(STMTL10N) pretranslate --quiet
	$(STMTL10N) build --include-fuzzy --min-translated 0
	$(STMTL10N) status --no-checks
	@echo
	@echo "Review in the browser: a coordinator's login link for this project:"
	@$(STMTL10N) reviewer add demo --coordinator --replace
	@echo "Start the review server with:  $(STMTL10N) review --port 8000   (then open the link above)"

# Lint and types first: they take seconds, the tests a minute and a half.
lint: venv
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m mypy

test: debian-packages venv lint
	$(PYTHON) -m pytest -q

clean:
	rm -rf build .stmtl10n-cache
