# regionlens: `make demo` and `make test` set everything up on a fresh machine.
VENV := .venv
STAMP := $(VENV)/.installed-stamp
RL := $(VENV)/bin/regionlens

.PHONY: setup demo test bench lint clean

$(STAMP): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(RL) demo --out demo-output

test: $(STAMP)
	bash scripts/setup.sh --test >/dev/null
	REGIONLENS_TEST_PG="$$(bash scripts/pg-test-server.sh)" $(VENV)/bin/pytest -q -n 2 -p no:cacheprovider

bench: $(STAMP)
	$(VENV)/bin/pip install -q -e '.[ner]'  # natasha: the baseline coder the benchmark compares against
	$(VENV)/bin/python -m bench.run

lint: $(STAMP)
	$(VENV)/bin/ruff check regionlens tests bench
	$(VENV)/bin/mypy regionlens

clean:
	rm -rf demo-output .pytest_cache .mypy_cache .ruff_cache
