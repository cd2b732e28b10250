# The two commands a new user needs: `make plan` (what would be deployed)
# and `make test` (prove it). Everything else is for maintainers and CI.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO     ?= go
STACK  ?= dev
FORMAT ?= text
BIN    := bin/ecommerce
TESTLOG := bin/test.log

.PHONY: all build plan plan-all test lint fmt bench clean

all: lint test plan-all

## build: compile the program (the Pulumi program and the offline plan in one binary)
build:
	$(GO) build -o $(BIN) .

## plan: offline plan of STACK (dev|prod) in FORMAT (text|json), no Azure account needed
plan: build
	./$(BIN) plan --stack $(STACK) --format $(FORMAT)

## plan-all: offline plan of every stack, text and JSON
plan-all: build
	@for s in $$(ls Pulumi.*.yaml | sed -E 's/Pulumi\.(.*)\.yaml/\1/'); do \
		./$(BIN) plan --stack $$s > /dev/null && ./$(BIN) plan --stack $$s --format json > /dev/null && echo "plan $$s: ok"; \
	done

## test: every test (config, naming, each layer alone, whole program for both stacks, the plan)
test:
	@mkdir -p bin
	$(GO) test -count=1 -timeout 20m -v ./... 2>&1 | tee $(TESTLOG) \
		| grep -Ev '^\s*(=== (RUN|PAUSE|CONT)|--- PASS|PASS$$)' || true
	@passed=$$(grep -Ec '^\s*--- PASS' $(TESTLOG) || true); \
	failed=$$(grep -Ec '^\s*--- FAIL' $(TESTLOG) || true); \
	skipped=$$(grep -Ec '^\s*--- SKIP' $(TESTLOG) || true); \
	echo "$$passed passed, $$failed failed, $$skipped skipped" | tee bin/test-summary.txt; \
	! grep -Eq '^(FAIL|panic:|--- FAIL)|\[build failed\]|\[setup failed\]' $(TESTLOG)

## lint: formatting and vet
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

## fmt: format the code
fmt:
	gofmt -w $$(git ls-files '*.go')

## bench: benchmarks of the offline plan (report medians or ratios, machines are noisy)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./tests/

clean:
	rm -rf bin
