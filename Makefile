# `make run` and `make test` work on a fresh Debian machine: they install what the
# build needs (libedit-dev, pkg-config) and what the tests use as an oracle (openssh-client:
# ssh, ssh-keygen) when it is missing, then build.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
ARGS ?=

.PHONY: all deps build release run test bench fuzz man completions clean

all: build

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libedit \
	    || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then \
	  echo "Installing libedit-dev, pkg-config and openssh-client (apt-get)…"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libedit-dev pkg-config openssh-client; \
	fi

build: deps
	$(SWIFT) build

# One static executable (the Swift runtime, Foundation, and libedit with the libraries it
# needs): nothing is loaded or relocated at start, which saves about 4 ms of it.
# The linker warns that glibc's name-service functions need the same glibc at run time.
RELEASE = $(SWIFT) build -c release --static-swift-stdlib -Xswiftc -static-executable \
  $$(pkg-config --static --libs-only-l libedit libbsd | sed 's/-l/-Xlinker -l/g')
release: deps
	$(RELEASE)

# Starts the interview shell on the default assessment (lmi-intern); it asks for the
# candidate and panel. Pass arguments with ARGS="...".
run: build
	@$$($(SWIFT) build --show-bin-path)/assess $(ARGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Measures the quality bars (Benchmarks/bench.py) and writes Benchmarks/results.md. Installs
# jq and sqlite3 (the tools it compares with) when missing. The data goes in .build-bench/.
BENCH_DATA := .build-bench
bench: deps
	@if ! command -v jq >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then \
	  echo "Installing jq and sqlite3 (apt-get)…"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq sqlite3; \
	fi
	$(RELEASE)
	$(SWIFT) build --build-tests
	@rm -rf $(BENCH_DATA) && mkdir -p $(BENCH_DATA)
	@echo "Generating 1,000,000 + 100,000 events (twice), 1,000,000 with undo, and 10,000 transcripts in $(BENCH_DATA)/…"
	python3 Benchmarks/generate.py long 1000000 $(BENCH_DATA)/long-1000000.jsonl
	python3 Benchmarks/generate.py long 100000 $(BENCH_DATA)/long-100000.jsonl
	python3 Benchmarks/generate.py evidence 1000000 $(BENCH_DATA)/evidence-1000000.jsonl
	python3 Benchmarks/generate.py evidence 100000 $(BENCH_DATA)/evidence-100000.jsonl
	python3 Benchmarks/generate.py undo 1000000 $(BENCH_DATA)/undo-1000000.jsonl
	python3 Benchmarks/generate.py many 10000 $(BENCH_DATA)/many
	python3 Benchmarks/bench.py $$($(RELEASE) --show-bin-path)/assess $(BENCH_DATA)

# libFuzzer on the shell's commands, transcripts, YAML definitions and forged started events, FUZZ_SECONDS each
# (default 300). Crashes are saved in .build-fuzz/findings/; add each as a regression test.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := FuzzShell FuzzTranscript FuzzDefinitions FuzzStarted
fuzz: deps
	@for target in $(FUZZ_TARGETS); do \
	  ASSESS_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --product $$target \
	    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library || exit 1; \
	done
	@rm -rf .build-fuzz/findings && mkdir -p .build-fuzz/findings
	@bin=$$(ASSESS_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --show-bin-path); \
	  for pair in FuzzShell:shell FuzzTranscript:transcript FuzzDefinitions:definitions FuzzStarted:started; do \
	    target=$${pair%%:*}; corpus=.build-fuzz/corpus/$${pair##*:}; \
	    mkdir -p $$corpus && cp -n Fuzz/corpus/$${pair##*:}/* $$corpus/; \
	    echo "== $$target for $(FUZZ_SECONDS) s"; \
	    SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp $$bin/$$target $$corpus -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	      -artifact_prefix=.build-fuzz/findings/$$target- -print_final_stats=1 > .build-fuzz/$$target.log 2>&1; \
	    grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|Precondition|Fatal error|SUMMARY" .build-fuzz/$$target.log; \
	  done; \
	  if [ -n "$$(ls .build-fuzz/findings)" ]; then echo "Findings in .build-fuzz/findings/ (logs in .build-fuzz/*.log)"; exit 1; fi; \
	  echo "No findings."

# Shell completion scripts and the man page, generated from the command definitions.
completions: build
	@mkdir -p build-out/completions
	@bin=$$($(SWIFT) build --show-bin-path)/assess; \
	  for shell in bash zsh fish; do $$bin --generate-completion-script $$shell > build-out/completions/assess.$$shell; done; \
	  echo "wrote build-out/completions/assess.{bash,zsh,fish}"

man: deps
	$(SWIFT) package plugin generate-manual
	@mkdir -p build-out/man
	@cp .build/plugins/GenerateManual/outputs/assess/*.1 build-out/man/
	@echo "wrote build-out/man/assess.1 (read it with: man -l build-out/man/assess.1)"

clean:
	rm -rf .build build-out
