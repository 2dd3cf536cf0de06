# Two commands matter: `make serve` (build and preview) and `make test` (every check).
# Python packages install into .venv from hash-locked requirements, Node tools from
# package-lock.json; you need Python >= 3.11 and make. `make test` also installs the
# system packages the browser tests use (chromium, fonts, poppler, node) with apt-get
# when they are missing (scripts/system-deps.sh).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: help install generate check schema serve site test lint typecheck unit lock clean
.PHONY: lint-ci urls linkcheck linkcheck-external
.PHONY: preview bench
.PHONY: lint-md new-article nfc codeowners

.PHONY: audit system-deps
.PHONY: deps-check audit-deps compare-engines browser-tests

help:
	@echo "make serve     build the site and preview it at http://$(HOST)/ (live reload)"
	@echo "make preview   fast live preview of one language (PREVIEW_LANGUAGE=vi|en), changed pages only"
	@echo "make bench     time the build at the real size, x10 and x100 (writes bench/RESULTS.md)"
	@echo "make test      run every check: lint, types, unit and build tests"
	@echo "make audit     Lighthouse (mobile, median of 3) on 8 pages; writes reports/lighthouse.json"
	@echo "make site      build the production site into site/ (strict)"
	@echo "make check     validate data/ and the pages' front matter (no build)"
	@echo "make schema    regenerate data/schema/*.json from the models"
	@echo "make lock      re-lock Python dependencies from requirements/*.in"
	@echo "make audit-deps  known vulnerabilities of the locked Python packages (pip-audit; network)"
	@echo "make compare-engines  build with MkDocs and with ProperDocs; the pages and their text must match"
	@echo "make urls      rewrite urls.txt (every published page URL) from a build; review the diff"
	@echo "make lint-ci   audit .github/ (zizmor offline, actionlint, JSON schemas)"
	@echo "make linkcheck internal links of site/; make linkcheck-external checks other sites (network)"
	@echo "make new-article SLUG=ngay-asean [SECTION=tin-tuc]   a new vi/en article (or news post) to fill in"
	@echo "make nfc       normalise the accents of every hand-written page to Unicode NFC"
	@echo "make codeowners  regenerate .github/CODEOWNERS from data/agencies/ and the articles"

$(STAMP): requirements/site.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements/site.txt -r requirements/dev.txt
	@# The generator package (plan179/) is imported from this checkout by every tool of the venv.
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_path("purelib"), "plan179-checkout.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	@touch $@

install: $(STAMP)

# Tools kept out of the project's venv, from their own hash-locked file: pip-tools for
# `make lock`, pip-audit for `make audit-deps`.
TOOLS := .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed
$(TOOLS_STAMP): requirements/tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/tools.txt
	@touch $@

# ProperDocs (the maintained continuation of MkDocs 1.6) with the site's own locked
# packages, in its own venv. MkDocs is then removed from it: ProperDocs answers every
# `import mkdocs` of the plugins and hooks, so nothing of MkDocs can take part.
# (static-i18n then warns once, on import, that it cannot list MkDocs' lunr languages:
# it falls back to its own list, and the site's search does not use them.)
PROPERDOCS := .venv-properdocs
PROPERDOCS_STAMP := $(PROPERDOCS)/.installed
$(PROPERDOCS_STAMP): requirements/site.txt requirements/properdocs.txt
	$(PYTHON) -m venv $(PROPERDOCS)
	$(PROPERDOCS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements/site.txt -r requirements/properdocs.txt
	$(PROPERDOCS)/bin/python -m pip uninstall --quiet --disable-pip-version-check --yes mkdocs
	@touch $@

check: $(STAMP)
	$(BIN)/python -m plan179.cli check

schema: $(STAMP)
	$(BIN)/python -m plan179.cli schema

generate: $(STAMP)
	$(BIN)/python -m plan179.cli generate

# A busy port stops `serve` and `preview` before the build, in one line saying which port
# and how to choose another (HOST=127.0.0.1:8001 make serve). Expanded when the recipe runs.
PORT_PROBLEM = $(shell $(BIN)/python -m plan179.publish.preview check-port $(HOST) 2>&1)

serve: $(STAMP)
	$(if $(PORT_PROBLEM),$(error $(PORT_PROBLEM)))
	$(BIN)/mkdocs serve --dev-addr $(HOST) --livereload

# Live preview for writers: one language, and only the pages whose files changed are
# rebuilt (--dirty), so a save shows in about a second. MkDocs always warns that a dirty
# build may have stale navigation, so warnings are shown here without stopping the
# preview (--no-strict); `serve`, `site` and CI stay complete and strict.
PREVIEW_LANGUAGE ?= vi
preview: $(STAMP)
	$(if $(PORT_PROBLEM),$(error $(PORT_PROBLEM)))
	PREVIEW_LANGUAGE=$(PREVIEW_LANGUAGE) $(BIN)/mkdocs serve --dev-addr $(HOST) --livereload --dirty --no-strict

# Build speed beside the Markdown floor and a plain Material build, at the real size,
# x10 and x100 (bench/run.py; one run of each, BENCH_ARGS="--runs 1", took 14-21 min on 2 shared
# cores; the default 3 runs about three times that). BENCH_ARGS="--sizes 1,10 --runs 3" to narrow.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The engine builds site/, then the publishing stage checks and completes it (redirects,
# URL manifest, sitemap, search index). A failure removes site/: nothing half-built can
# be uploaded.
SITE_URL ?= http://127.0.0.1:8000/
site: $(STAMP)
	$(BIN)/mkdocs build --strict --clean || { rm -rf site; exit 1; }
	$(BIN)/python -m plan179.cli publish --site site --site-url "$(SITE_URL)" $(PUBLISH_ARGS) || { rm -rf site; exit 1; }

lint: $(STAMP)
	$(BIN)/ruff check plan179 hooks tests bench
	$(BIN)/ruff format --check plan179 hooks tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy --strict plan179 hooks tests bench

unit: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest

# Only the real builds and the browser suite: what a new release of the engine, the
# theme or a plugin can break (the weekly upstream workflow runs it).
browser-tests: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -m "build or browser"

# Markdown lint of the hand-written pages and contributor docs (.pymarkdown.json).
lint-md: $(STAMP)
	$(BIN)/pymarkdown --strict-config --config .pymarkdown.json scan -r --respect-gitignore -e 'docs/ke-hoach/**' \
		docs CONTRIBUTING.md CONTRIBUTING.en.md .github/PULL_REQUEST_TEMPLATE.md

new-article: $(STAMP)
	$(BIN)/python -m plan179.content.scaffold "$(SLUG)" --section "$(or $(SECTION),tim-hieu)"

nfc: $(STAMP)
	$(BIN)/python -m plan179.content.pages nfc

codeowners: $(STAMP)
	$(BIN)/python -m plan179.content.codeowners

# GitHub Actions and Dependabot: audited offline (zizmor, auditor persona, failing on
# unreadable files), linted (actionlint) and checked against their JSON schemas.
lint-ci: $(STAMP)
	$(BIN)/zizmor --offline --persona auditor --strict-collection --quiet .github/
	$(BIN)/actionlint .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

# Rewrite the manifest of published URLs from a fresh build (--record-urls skips the
# check for lost URLs and records the current ones instead).
urls: $(STAMP)
	$(MAKE) site PUBLISH_ARGS=--record-urls

# Links of the built site/ (run `make site` first); SITE_URL as for the build.
linkcheck: $(STAMP)
	$(BIN)/python -m plan179.publish.linkcheck internal site --site-url "$${SITE_URL:-http://127.0.0.1:8000/}"

linkcheck-external: $(STAMP)
	$(BIN)/python -m plan179.publish.linkcheck external site --site-url "$${SITE_URL:-http://127.0.0.1:8000/}"

# System packages the browser tests need (Chromium, fonts, Node/npm, pdftotext):
# installs only what is missing, with apt-get (as root or through sudo).
system-deps:
	@scripts/system-deps.sh

# Declared dependencies (requirements/*.in) against the imports of the code (deptry,
# configured in pyproject.toml). requirements-parser warns about the `-c` line: ignored.
deps-check: $(STAMP)
	PYTHONWARNINGS="ignore:Unused option:UserWarning" $(BIN)/deptry plan179 hooks tests bench

# Known vulnerabilities of every locked package (pip-audit asks PyPI's advisory data, so
# it needs the network: CI runs it, `make test` does not).
audit-deps: $(TOOLS_STAMP)
	$(TOOLS)/bin/pip-audit --strict --progress-spinner off --disable-pip --require-hashes -r requirements/site.txt
	$(TOOLS)/bin/pip-audit --strict --progress-spinner off --disable-pip --require-hashes -r requirements/dev.txt
	$(TOOLS)/bin/pip-audit --strict --progress-spinner off --disable-pip --require-hashes -r requirements/tools.txt
	$(TOOLS)/bin/pip-audit --strict --progress-spinner off --disable-pip --require-hashes -r requirements/properdocs.txt

# The same site built by MkDocs (site/) and by ProperDocs (site-properdocs/), each
# completed by the publishing stage: the same pages with the same visible text, or a
# list of what differs (plan179/publish/compare.py).
PROPERDOCS_SITE := site-properdocs
compare-engines: $(STAMP) $(PROPERDOCS_STAMP)
	$(MAKE) site
	PYTHONPATH="$(CURDIR)" $(PROPERDOCS)/bin/properdocs build --strict --clean -f mkdocs.yml -d $(PROPERDOCS_SITE) \
		|| { rm -rf $(PROPERDOCS_SITE); exit 1; }
	$(BIN)/python -m plan179.cli publish --site $(PROPERDOCS_SITE) --site-url "$(SITE_URL)" \
		|| { rm -rf $(PROPERDOCS_SITE); exit 1; }
	$(BIN)/python -m plan179.publish.compare site $(PROPERDOCS_SITE)

test: system-deps lint lint-ci lint-md typecheck deps-check unit

# Each requirements/NAME.in is compiled to NAME.txt with hashes; site.txt first, as
# dev.in and properdocs.in are constrained by it. No index URL or --find-links is
# written: the files must install the same from PyPI on any machine.
LOCKS := tools site dev properdocs
lock: $(TOOLS_STAMP)
	cd requirements && for name in $(LOCKS); do \
		$(CURDIR)/$(TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
			--no-emit-index-url --no-emit-find-links --no-emit-trusted-host -o $$name.txt $$name.in || exit 1; \
	done

clean:
	rm -rf site $(PROPERDOCS_SITE) docs/ke-hoach .pytest_cache .mypy_cache .ruff_cache .cache

# Node tools for the browser tests (axe-core) and the audit (Lighthouse 12.2.3), from
# package-lock.json. No browser download: the tests use Debian's /usr/bin/chromium.
$(NODE_STAMP): package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=true CHROMEDRIVER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund
	@touch $@

# Lighthouse on home, a pillar, an agency and an article, both languages, served with
# gzip like GitHub Pages; tests/test_lighthouse_report.py then checks the budget.
audit: $(STAMP) $(NODE_STAMP)
	$(BIN)/python tests/lighthouse_audit.py
