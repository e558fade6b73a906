# The README's two commands: `make demo` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint system-deps constraints clean eval screenshots bench-web test-long fuzz load

$(STAMP): pyproject.toml constraints.txt
	@bash scripts/system-deps.sh build
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,spark]'
	touch $(STAMP)

# System packages the tests start for real (PostgreSQL, Chromium, a JDK), installed when missing.
system-deps:
	@bash scripts/system-deps.sh test

demo: $(STAMP)
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/communique ingest --db demo.db samples/
	$(BIN)/communique stats --db demo.db
	$(BIN)/communique export --db demo.db --format json demo-export.json
	@echo "communique is serving the sample corpus on http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(BIN)/communique serve --db demo.db --host 127.0.0.1 --port 8000

test: $(STAMP) system-deps
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks fuzz

eval: $(STAMP)
	../shared/eval/run_eval.sh

# The long reliability variants: more fuzz examples, more kills, bigger hostile inputs,
# 100 clients for 60 s against `communique serve`. About 6 minutes; .ci/run runs it after `make test`.
test-long: $(STAMP) system-deps
	COMMUNIQUE_LONG=1 $(BIN)/python -m pytest -q -s tests/test_fuzz.py tests/test_hostile_inputs.py tests/test_kill.py tests/test_load.py

# Load alone: 100 clients for 60 s over search, who and the pages of a server on loopback
# (LOAD_USERS, LOAD_SECONDS); prints requests, failures and p50/p95/p99 per endpoint.
load: $(STAMP)
	$(BIN)/python benchmarks/load/run_load.py --users $${LOAD_USERS:-100} --seconds $${LOAD_SECONDS:-60}

# Coverage-guided fuzzing of the readers with atheris (FUZZ_SECONDS, default 300).
fuzz: $(STAMP)
	$(BIN)/pip install -q -e '.[fuzz]'
	$(BIN)/python fuzz/make_seeds.py .fuzz/corpus
	mkdir -p .fuzz/artifacts
	$(BIN)/python fuzz/fuzz_readers.py .fuzz/corpus -max_total_time=$${FUZZ_SECONDS:-300} -timeout=20 -rss_limit_mb=4096 -artifact_prefix=.fuzz/artifacts/

# Screenshots of every page type, from the browser tests, into docs/screenshots/.
screenshots: $(STAMP) system-deps
	COMMUNIQUE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_web_browser.py

bench-web: $(STAMP) system-deps
	$(BIN)/python benchmarks/bench_web.py

# Re-pin: the exact versions of every installed dependency.
constraints:
	$(BIN)/pip freeze --exclude-editable | grep -v '^communique' > constraints.txt

clean:
	rm -rf $(VENV) *.egg-info demo.db demo-export.json
