# The two commands a new user needs: `make plan` (what would be deployed)
# and `make test` (prove it). Everything else is for maintainers and CI.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO     ?= go
STACK  ?= dev
FORMAT ?= text
BIN    := bin/ecommerce
JUNIT    := bin/junit.xml
TESTJSON := bin/test.json
# The whole-program tests link every Azure SDK (the longest step of a run, ~7 s).
# Naming them first lets go test start that link at once instead of after the
# small packages', which run on the other core meanwhile (3 s off a 2-core run).
PKGS     := ./tests/ ./...
# go vet runs once, in `make lint` (CI runs both). Off in the test runs: go test's
# vet computes its facts for every dependency, every Azure SDK included, which
# on a cold cache costs more than a minute.
TESTFLAGS := -vet=off

.PHONY: all build plan plan-all test test-short urns readme-costs readme-resilience lint fmt bench prices mutate mutate-literals clean

all: lint test plan-all

## build: compile the program (the Pulumi program and the offline plan in one binary)
build:
	$(GO) build -o $(BIN) .

## plan: offline plan of STACK (any Pulumi.STACK.yaml) in FORMAT (text|json|mermaid|cost|cost-json|resilience), no Azure account needed
plan: build
	./$(BIN) plan --stack $(STACK) --format $(FORMAT)

## plan-all: offline plan of every stack, text and JSON
plan-all: build
	@for s in $$(ls Pulumi.*.yaml | sed -E 's/Pulumi\.(.*)\.yaml/\1/'); do \
		./$(BIN) plan --stack $$s > /dev/null && ./$(BIN) plan --stack $$s --format json > /dev/null && echo "plan $$s: ok"; \
	done

## test: every test (config, naming, each layer alone, whole program for every stack, the plan);
##   gotestsum (pinned by go.mod's tool directive) prints failures in full, writes the JUnit
##   report CI uploads (bin/junit.xml) and ends with one line: N passed, N failed, N skipped
# gotestsum runs it after the tests with their counts in its environment.
TEST_SUMMARY := s=\"$$((TESTS_TOTAL - TESTS_FAILED - TESTS_SKIPPED)) passed, $$TESTS_FAILED failed, $$TESTS_SKIPPED skipped\"; \
	[ \"$$TESTS_ERRORS\" = 0 ] || s=\"$$s, $$TESTS_ERRORS packages did not build or run\"; echo \"$$s\" | tee bin/test-summary.txt
# go test writes its JSON into a pipe that gotestsum reads (--raw-command -- cat),
# so the two start together: on a cold cache gotestsum's own build (~12 s, one
# core) runs beside the SDK build instead of before it.
test:
	@mkdir -p bin
	$(GO) test -json $(TESTFLAGS) -count=1 -timeout 20m $(PKGS) | \
	$(GO) tool gotestsum --raw-command --format pkgname-and-test-fails --junitfile $(JUNIT) --jsonfile $(TESTJSON) \
		--post-run-command 'sh -c "$(TEST_SUMMARY)"' -- cat

## test-short: the quick loop while editing: go test -short skips every run of a whole
##   stack (the plans, the CLI on the stack files, the policy rows); layers, blocks,
##   config and naming still run. make test before pushing
test-short:
	$(GO) test $(TESTFLAGS) -short $(PKGS)

## urns: rewrite the committed resource identities (tests/testdata/urns) after a
##   deliberate change of resources; TestURNsPinned fails until they match
urns:
	$(GO) test -count=1 -run 'TestURNsPinned' ./tests/ -update-urns

## readme-costs: rewrite the README's table of stack cost totals from the plans
##   (TestCostReadmeTotals fails until it matches)
readme-costs:
	$(GO) test -count=1 -run 'TestCostReadmeTotals' ./tests/ -update-readme-costs

## readme-resilience: rewrite the README's table of stack resilience from the plans
##   (TestResilienceReadme fails until it matches)
readme-resilience:
	$(GO) test -count=1 -run 'TestResilienceReadme' ./tests/ -update-readme-resilience

## lint: formatting, vet and the GitHub workflows (actionlint, pinned here, fetched by go run)
ACTIONLINT := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
lint:
	$(GO) run $(ACTIONLINT)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

## fmt: format the code
fmt:
	gofmt -w $$(git ls-files '*.go')

## bench: benchmarks of the offline plan (report medians or ratios, machines are noisy)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./tests/

## prices: maintainers, online: refresh internal/cost/prices.json from the Azure Retail
##   Prices API (every row re-read, unverified marks cleared); review the diff, then commit
prices:
	$(GO) run ./internal/tools/prices

# Mutation testing: maintainers only, not in CI. Gremlins is pinned and installed
# into bin/tools on first use, never added to go.mod. GOFLAGS=-count=1 keeps the
# coverage run (whose duration times MUTATE_TIMEOUT is each mutant's timeout) uncached.
GREMLINS_VERSION := v0.5.1
GREMLINS         := bin/tools/gremlins
MUTATE_UNIT      := config naming sqlgrants
MUTATE_VIA_TESTS := policy plan baseline
MUTATE_PKGS      ?= $(MUTATE_UNIT) $(MUTATE_VIA_TESTS)
MUTATE_WORKERS   ?= 2
MUTATE_TIMEOUT   ?= 10
LITMUT_FLAGS     ?=

$(GREMLINS):
	@mkdir -p bin/tools
	GOBIN=$(CURDIR)/bin/tools GONOSUMDB=github.com/go-gremlins/gremlins GOFLAGS=-mod=mod \
		$(GO) install github.com/go-gremlins/gremlins/cmd/gremlins@$(GREMLINS_VERSION)

## mutate: operator mutants (gremlins) in config, naming, sqlgrants (judged by their unit
##   tests) and policy, plan, baseline (judged by ./tests, integration mode: gremlins runs
##   `go test ./...` per mutant and halves the workers); ~35 min on an idle 2-core machine.
##   Logs and JSON in bin/mutate/; MUTATE_PKGS, MUTATE_WORKERS, MUTATE_TIMEOUT tune it
mutate: $(GREMLINS)
	@$(GO) version -m $(GREMLINS) | grep -Eq 'mod[[:space:]]+github.com/go-gremlins/gremlins[[:space:]]+$(GREMLINS_VERSION)' \
		|| { echo "$(GREMLINS) is not gremlins $(GREMLINS_VERSION): make clean, then retry"; exit 1; }
	@mkdir -p bin/mutate
	@export GOFLAGS=-count=1; start=$$(date +%s); \
	for p in $(MUTATE_PKGS); do \
		mode=""; \
		case " $(MUTATE_VIA_TESTS) " in *" $$p "*) mode="--integration --coverpkg ./internal/$$p";; esac; \
		echo "== internal/$$p $$mode"; \
		./$(GREMLINS) unleash $$mode --workers $(MUTATE_WORKERS) --timeout-coefficient $(MUTATE_TIMEOUT) \
			--output bin/mutate/$$p.json ./internal/$$p 2>&1 | tee bin/mutate/$$p.log; \
	done; \
	echo; echo "package     killed lived timeout notcov  efficacy  coverage"; \
	for p in $(MUTATE_PKGS); do \
		k=$$(grep -c ' KILLED ' bin/mutate/$$p.log || true); l=$$(grep -c ' LIVED ' bin/mutate/$$p.log || true); \
		t=$$(grep -c ' TIMED OUT ' bin/mutate/$$p.log || true); n=$$(grep -c ' NOT COVERED ' bin/mutate/$$p.log || true); \
		e=$$(sed -nE 's/^Test efficacy: (.*)$$/\1/p' bin/mutate/$$p.log); c=$$(sed -nE 's/^Mutator coverage: (.*)$$/\1/p' bin/mutate/$$p.log); \
		printf '%-11s %6s %5s %7s %6s %9s %9s\n' $$p $$k $$l $$t $$n "$$e" "$$c"; \
	done; \
	echo "gremlins: $$(( $$(date +%s) - start )) s"

## mutate-literals: change booleans, strings and numbers in the layers one at a time and
##   run ./tests on each (internal/tools/litmut, 60 mutants, ~16 min); LITMUT_FLAGS="-n 0" runs all
mutate-literals:
	$(GO) run ./internal/tools/litmut $(LITMUT_FLAGS)

clean:
	rm -rf bin
