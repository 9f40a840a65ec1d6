# SupportDojo — build, run and test.
# `make run` and `make test` install missing Debian packages first (as root),
# or print the command to run and stop (as another user).

SWIFT        ?= swift
DEB_PACKAGES := libreadline-dev libstemmer-dev libsqlite3-dev libpq-dev tmux
# The PostgreSQL server the test suite starts a throw-away cluster of, and the word lists the
# lexicon's spelt-word lists are checked against (`make test` and `make spelt-words` only).
TEST_PACKAGES := postgresql wamerican wbritish wngerman
# `make run` uses the same store as every `dojo` command ($DOJO_STORE, else
# $XDG_DATA_HOME/supportdojo/dojo.sqlite); STORE=path picks another.
STORE        ?=
PREFIX       ?= $(HOME)/.local
BIN_DEBUG    := .build/debug/dojo
BIN_RELEASE  := .build/release/dojo

.PHONY: deps test-deps install-packages bench-postgres bench-reports-postgres build release run test spelt-words bench bench-peer peer-venv bench-reports bench-deps lint clean fuzz-matcher fuzz-yaml install uninstall

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"

install-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
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

# Rewrites scenarios/lexicon/words.<language>.txt, the correctly spelt words typo tolerance must
# not read as a neighbouring pattern word, after patterns or lexicon changed (the test suite
# says when they are stale).
spelt-words: deps test-deps
	DOJO_WRITE_SPELT_WORDS=1 $(SWIFT) test --filter "SpeltWordsTests/listsAreCurrent"

# Release builds the command and the benchmarks only: the fuzz targets reach into DojoCore with
# `@testable import`, which a release build does not allow. They carry the Swift runtime and
# Foundation in the binary (--static-swift-stdlib): resolving their symbols at every start was a
# fifth of the time to the console's first line. Every release build here uses the flag, so
# they share one build tree (a release build without it recompiles everything). The start-up
# baseline, a Swift hello world, is built by swiftc as Swift programs are by default.
SWIFTC        ?= swiftc
RELEASE_BUILD := $(SWIFT) build -c release --static-swift-stdlib
release: deps
	$(RELEASE_BUILD) --product dojo
	$(RELEASE_BUILD) --product dojo-bench
	$(SWIFTC) -O Sources/dojo-hello/main.swift -o .build/release/dojo-hello

# Ctrl-C ends the console, not make: the recipe's shell outlives the interrupt (`trap : INT`;
# the console itself gets the signal as usual) and takes the console's 130 as a normal way out,
# so make prints no "*** Interrupt"; the console says how to resume the session.
RUN_CMD := $(BIN_DEBUG) practice $(if $(STORE),--store "$(STORE)") --scenarios scenarios
run: build
	@if [ -z "$(STORE)" ] && [ -f .dojo/dojo.sqlite ]; then \
	  echo "note: make run now uses the default store; earlier sessions are in .dojo/dojo.sqlite"; \
	  echo "      (make run STORE=.dojo/dojo.sqlite, or dojo ... --store .dojo/dojo.sqlite)"; \
	fi
	@echo '$(RUN_CMD)'
	@trap : INT; $(RUN_CMD) || [ $$? -eq 130 ]

# Installs the release build as PREFIX/bin/dojo, the scenario library as
# PREFIX/share/supportdojo/scenarios (found by the installed dojo from any folder) and the bash,
# zsh and fish completion scripts. DESTDIR stages the install for packaging.
INSTALL_ROOT := $(DESTDIR)$(PREFIX)
install: deps
	$(RELEASE_BUILD) --product dojo
	install -d "$(INSTALL_ROOT)/bin" "$(INSTALL_ROOT)/share/supportdojo" \
	  "$(INSTALL_ROOT)/share/bash-completion/completions" "$(INSTALL_ROOT)/share/zsh/site-functions" \
	  "$(INSTALL_ROOT)/share/fish/vendor_completions.d"
	install -m 755 $(BIN_RELEASE) "$(INSTALL_ROOT)/bin/dojo"
	rm -rf "$(INSTALL_ROOT)/share/supportdojo/scenarios"
	cp -R scenarios "$(INSTALL_ROOT)/share/supportdojo/scenarios"
	chmod -R u+rwX,go+rX,go-w "$(INSTALL_ROOT)/share/supportdojo/scenarios"
	$(BIN_RELEASE) --generate-completion-script bash > "$(INSTALL_ROOT)/share/bash-completion/completions/dojo"
	$(BIN_RELEASE) --generate-completion-script zsh > "$(INSTALL_ROOT)/share/zsh/site-functions/_dojo"
	$(BIN_RELEASE) --generate-completion-script fish > "$(INSTALL_ROOT)/share/fish/vendor_completions.d/dojo.fish"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "note: $(PREFIX)/bin is not on your PATH; add it, e.g. export PATH=\"$(PREFIX)/bin:\$$PATH\"";; esac

uninstall:
	rm -f "$(INSTALL_ROOT)/bin/dojo" "$(INSTALL_ROOT)/share/bash-completion/completions/dojo" \
	  "$(INSTALL_ROOT)/share/zsh/site-functions/_dojo" "$(INSTALL_ROOT)/share/fish/vendor_completions.d/dojo.fish"
	rm -rf "$(INSTALL_ROOT)/share/supportdojo/scenarios"
	@rmdir "$(INSTALL_ROOT)/share/supportdojo" 2>/dev/null || true

# The suite runs against a throw-away PostgreSQL cluster on a loopback port (.ci/test-postgres
# starts it, exports DOJO_TEST_POSTGRES_URL, and removes it afterwards, also on failure): the
# store tests run on SQLite and on PostgreSQL.
test: build test-deps
	.ci/test-postgres run $(SWIFT) test
	@# The libFuzzer corpora replayed through the plain builds of the fuzz targets (seconds).
	.build/debug/dojo-fuzz-matcher Tests/Fuzz/matcher-corpus
	.build/debug/dojo-fuzz-yaml Tests/Fuzz/yaml-corpus

lint: build
	$(BIN_DEBUG) scenarios lint scenarios

bench: release
	.build/release/dojo-bench scenarios $(BIN_RELEASE)
	@# The Swift scorer against its Python peer on the answer files they agree on (one core each).
	@if $(MAKE) --no-print-directory peer-venv; then \
	  $(PEER_PYTHON) $(PEER_DIR)/check.py --dojo $(BIN_RELEASE) --scenarios scenarios --bench .build/release/dojo-bench; \
	else \
	  echo "peer      skipped: could not set up $(PEER_VENV) (python3 with venv and pip from PyPI)"; \
	fi

# The Python peer of the scorer (Sources/dojo-bench/peer/): every bundled answer file replayed
# with `dojo replay --format json` and scored again by the peer; lists what differs and fails
# unless all agree. Its packages (PyYAML, snowballstemmer, rapidfuzz) go into a venv under
# .build/; `make test` never needs them.
PEER_DIR     := Sources/dojo-bench/peer
PEER_VENV    := .build/peer-venv
PEER_PYTHON  := $(PEER_VENV)/bin/python
bench-peer: release peer-venv
	$(PEER_PYTHON) $(PEER_DIR)/check.py --dojo $(BIN_RELEASE) --scenarios scenarios

peer-venv:
	@$(PEER_PYTHON) -c "import yaml, snowballstemmer, rapidfuzz; yaml.CLoader" 2>/dev/null || { \
	  echo "Setting up $(PEER_VENV) (pip install -r $(PEER_DIR)/requirements.txt)"; \
	  python3 -m venv $(PEER_VENV) && $(PEER_PYTHON) -m pip install -q -r $(PEER_DIR)/requirements.txt; \
	}

# Report speed on 2,000 trainees / 100,000 sessions / ~1,000,000 turns (TRAINEES="200 2000 10000"
# for more sizes), each report against its own SQL in the sqlite3 shell; the stores are built
# once with `dojo demo-data` and cached under .build/ (delete one to rebuild it).
TRAINEES ?= 2000
bench-reports: release bench-deps
	.build/release/dojo-bench --reports scenarios $(BIN_RELEASE) .build/bench-reports.sqlite $(TRAINEES)
	@# The PostgreSQL part when a server can be started here (Debian's postgresql installed).
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory bench-reports-postgres; \
	else \
	  echo "postgres reports skipped: no PostgreSQL server installed (make bench-reports-postgres installs it as root)"; \
	fi

# The same reports on the 2,000-trainee store moved to PostgreSQL (`dojo store migrate`, once:
# the cluster is kept in .build/bench-postgres/, durable defaults, loopback; delete it to move
# the store again), each against its own statements run in psql, and the per-line commit a
# console waits for. The server is stopped afterwards.
BENCH_POSTGRES_DIR := $(CURDIR)/.build/bench-postgres
bench-reports-postgres: release bench-deps test-deps
	@url=$$(DURABLE=1 .ci/test-postgres resume $(BENCH_POSTGRES_DIR)) || exit 1; \
	trap '.ci/test-postgres halt $(BENCH_POSTGRES_DIR)' EXIT; \
	.build/release/dojo-bench --reports-postgres scenarios $(BIN_RELEASE) "$$url" .build/bench-reports.sqlite

# What a console waits for per typed line on a PostgreSQL store (a throw-away cluster on
# loopback, with PostgreSQL's durable defaults), paired line by line against an SQLite file.
bench-postgres: release test-deps
	DURABLE=1 .ci/test-postgres run sh -c '.build/release/dojo-bench --postgres "$$DOJO_TEST_POSTGRES_URL"'

# The sqlite3 shell, the report benchmark's baseline: installed as root when missing, else the
# benchmark says it skips the ratios.
bench-deps:
	@command -v sqlite3 >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing: sqlite3"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 || echo "could not install sqlite3"; \
	  else \
	    echo "sqlite3 is missing (sudo apt-get install -y sqlite3); the report ratios are skipped"; \
	  fi; \
	}

# libFuzzer (-sanitize=fuzzer) on the matcher and on the scenario loader. Seeds are under
# Tests/Fuzz/*-corpus; new inputs go to .build/fuzz-corpus/ (copy keepers into Tests/Fuzz/).
# FUZZ_SECONDS sets how long each runs.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := $(SWIFT) build --build-path .build/fuzz --sanitize=fuzzer -Xswiftc -DFUZZING

fuzz-matcher: deps
	$(FUZZ_BUILD) --product dojo-fuzz-matcher
	@mkdir -p .build/fuzz-corpus/matcher
	.build/fuzz/debug/dojo-fuzz-matcher .build/fuzz-corpus/matcher Tests/Fuzz/matcher-corpus \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=5 -rss_limit_mb=2048

fuzz-yaml: deps
	$(FUZZ_BUILD) --product dojo-fuzz-yaml
	@mkdir -p .build/fuzz-corpus/yaml
	.build/fuzz/debug/dojo-fuzz-yaml .build/fuzz-corpus/yaml Tests/Fuzz/yaml-corpus \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=5 -rss_limit_mb=2048

clean:
	rm -rf .build

# Mutation fuzzer over scenario, product, template and lexicon files (Tests/DojoCoreTests/Fuzz/);
# `make test` runs a short pass of it. FUZZ_RUNS inputs per kind from seed FUZZ_SEED; the input
# being tried is kept in .build/fuzz-mutation/<kind>.current (what a crash leaves behind).
FUZZ_RUNS ?= 2000
FUZZ_SEED ?= 13
.PHONY: fuzz fuzz-matcher fuzz-yaml
fuzz: build
	DOJO_FUZZ_RUNS=$(FUZZ_RUNS) DOJO_FUZZ_SEED=$(FUZZ_SEED) DOJO_FUZZ_OUT=$(CURDIR)/.build/fuzz-mutation $(SWIFT) test --filter FuzzTests
