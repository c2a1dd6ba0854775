# Two commands do all the set-up on a fresh machine:
#   make run   - create .venv, install requirements.txt, start the app
#   make test  - the same plus test tools and Debian chromium, then every test
VENV    := .venv
PY      := $(VENV)/bin/python
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Offline machines with the shared MNIST folder beside the repo use it (read-only) unless told otherwise.
SHARED  := $(abspath ../shared/datasets)
export TORCHLAB_DATA ?= $(if $(wildcard data/MNIST),,$(if $(wildcard $(SHARED)/MNIST),$(SHARED),))

.PHONY: run test install install-test browser checkpoint screenshots clean

run: $(VENV)/.installed
	$(VENV)/bin/streamlit run streamlit_app.py

test: $(VENV)/.installed-test browser
	@$(PY) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: a run with no tests is a broken run"; exit 1; fi; \
	exit $$rc

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# Playwright drives Debian's chromium (its own browser download cannot work offline);
# the CJK font makes 中文 render as characters, not boxes.
browser:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi
	@command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium"; exit 1; }

# Reproduce the shipped model (about 2 minutes on 2 CPU cores).
checkpoint: $(VENV)/.installed
	$(PY) -m core.train --model convnet --dataset mnist --epochs 15 --lr 0.002 --batch-size 512 \
		--schedule cosine --augment --precision fp32 --seed 0 --log-every 0 --out checkpoints/mnist-convnet.pt

# Every picture README.md and docs/ show, English and 中文, regenerated into docs/pictures/
# (tools/screenshots.py's DOC_PICTURES; about 4 minutes on 2 CPU cores, two short training runs included).
# Full-page shots of any page, to eyeball a change: $(PY) tools/screenshots.py --out screenshots-tmp --pages train
screenshots: $(VENV)/.installed-test browser
	$(PY) tools/screenshots.py --docs

clean:
	rm -rf $(VENV) .pytest_cache .cache
