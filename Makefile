# Set-up and the two everyday targets. Run as root on Debian: each install is
# skipped when it is already there, so a second `make demo` goes straight to work.

VENV := .venv
PYTHON := $(VENV)/bin/python
STMTL10N := $(VENV)/bin/stmtl10n
STAMP := $(VENV)/.installed
# gettext for msgfmt/msgcat (the tests' oracle), Apertium and its pairs for the
# offline engine, Chromium for the review server's browser tests.
DEBIAN_PACKAGES := gettext apertium apertium-eng-spa apertium-fr-es chromium

.PHONY: demo test debian-packages venv clean

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

demo: debian-packages venv
	$(STMTL10N) extract
	$(STMTL10N) build --min-translated 0
	$(STMTL10N) status

test: debian-packages venv
	$(PYTHON) -m pytest -q

clean:
	rm -rf build .stmtl10n-cache
