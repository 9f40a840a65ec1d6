# SupportDojo — build, run and test.
# `make run` and `make test` install missing Debian packages first (as root),
# or print the command to run and stop (as another user).

SWIFT        ?= swift
DEB_PACKAGES := libreadline-dev libstemmer-dev libsqlite3-dev tmux
STORE        ?= $(CURDIR)/.dojo/dojo.sqlite
BIN_DEBUG    := .build/debug/dojo
BIN_RELEASE  := .build/release/dojo

.PHONY: deps build release run test bench bench-reports lint clean

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Run:  sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: build
	@mkdir -p $(dir $(STORE))
	$(BIN_DEBUG) practice --store "$(STORE)" --scenarios scenarios

test: build
	$(SWIFT) test

lint: build
	$(BIN_DEBUG) scenarios lint scenarios

bench: release
	.build/release/dojo-bench scenarios $(BIN_RELEASE)

# Report speed on 2,000 trainees / 100,000 sessions / ~1,000,000 turns; the store is built once
# with `dojo demo-data` and cached under .build/ (delete it to rebuild).
bench-reports: release
	.build/release/dojo-bench --reports scenarios $(BIN_RELEASE) .build/bench-reports.sqlite

clean:
	rm -rf .build

# Mutation fuzzer over scenario, product, template and lexicon files (Tests/DojoCoreTests/Fuzz/);
# `make test` runs a short pass of it. FUZZ_RUNS inputs per kind from seed FUZZ_SEED; the input
# being tried is kept in .build/fuzz/<kind>.current (what a crash leaves behind).
FUZZ_RUNS ?= 2000
FUZZ_SEED ?= 13
.PHONY: fuzz
fuzz: build
	DOJO_FUZZ_RUNS=$(FUZZ_RUNS) DOJO_FUZZ_SEED=$(FUZZ_SEED) DOJO_FUZZ_OUT=$(CURDIR)/.build/fuzz $(SWIFT) test --filter FuzzTests
