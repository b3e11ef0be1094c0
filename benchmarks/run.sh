#!/usr/bin/env bash
# Builds the benchmarks module and runs the whole suite (about 80 minutes on 2 cores), then
# rewrites BENCHMARKS.md at the repository root. Options go to the driver, e.g.
#   benchmarks/run.sh --cases=echo-64,idle --reps=2
#   benchmarks/run.sh --quick            # tiny sizes: checks that everything runs
# The JDK 25 cases run when BENCH_JDK25_HOME (or --jdk25=...) names a JDK 25 home.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl benchmarks -am package -DskipTests
exec java -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.aerys.benchmarks.driver.Driver "$@"
