# `make run` and `make test` work on a fresh Debian machine: they install what the
# build needs (libedit-dev, pkg-config) when it is missing, then build.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
ARGS ?=

.PHONY: all deps build release run test bench fuzz man completions clean

all: build

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libedit; then \
	  echo "Installing libedit-dev and pkg-config (apt-get)…"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libedit-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Starts the interview shell on the default assessment (lmi-intern); it asks for the
# candidate and panel. Pass arguments with ARGS="...".
run: build
	@$$($(SWIFT) build --show-bin-path)/assess $(ARGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

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
