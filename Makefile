# The two commands: `make run` and `make test`. Both install what is missing first.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
PORT       ?= 8080
FUZZ_SECONDS ?= 60
GEN        := -G Ninja

.PHONY: deps web build build-server run run-cluster test test-release test-asan test-browser fuzz bench clean

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(GEN) -DCMAKE_BUILD_TYPE=Release

# The pages' codec generated from proto/ and their bundles in web/dist (scripts/build-web.sh).
web: deps
	@scripts/build-web.sh

build: deps web $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Only what the server needs: the pages and the fenliu binary (no tests, no benchmarks).
build-server: deps web $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target fenliu

run: build-server
	@scripts/run-demo.sh $(BUILD) $(PORT)

# Three nodes of the demo shop on one PostgreSQL (README, Cluster): one serves, two stand by.
run-cluster: build-server
	@scripts/run-cluster.sh $(BUILD)

# The same tests as test-asan, in the Release build (not part of `make test`: test-asan runs them).
test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600
	scripts/test-browser.sh $(BUILD)/app/fenliu

# The pages in a real browser against the Release server; the benchmarks are built too, so a
# change that breaks them fails here rather than at the next `make bench`.
BENCH_TARGETS := fenliu-load fenliu_router_bench fenliu_store_bench fenliu_proto_bench fenliu-sim fenliu_assist_bench
test-browser: deps web $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target fenliu $(BENCH_TARGETS)
	scripts/test-browser.sh $(BUILD)/app/fenliu

# -O1 -g1: ASan's reports keep function names and line numbers (line tables), and the build
# costs far less than -O2 -g on two cores (it is CI's longest step).
$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) $(GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DFENLIU_SANITIZE=ON -DFENLIU_BENCH=OFF

test-asan: deps web $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900 -LE no_asan

$(FUZZ_BUILD)/build.ninja:
	CXX=clang++ cmake -S . -B $(FUZZ_BUILD) $(GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFENLIU_FUZZ=ON -DFENLIU_BENCH=OFF

fuzz: deps $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_client_frame fuzz_ws_frames
	scripts/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Everything CI runs: every test under ASan+UBSan (one build of the tests, not a Release one
# as well: on two cores the builds are most of CI's time), the browser tests, and a fuzz run.
test: test-asan test-browser fuzz
	@echo "make test: all suites passed"

# Benchmarks: builds Release, runs every scenario on loopback, writes bench/out/report.json.
bench: build
	scripts/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
