#!/usr/bin/env bash
# The chaos run: builds the launcher jar, starts the backing services and three clustered nodes as
# separate processes, books 1,000 tours while a random node is killed (SIGKILL) and restarted, 20 s
# after the previous one serves again, then checks the invariants against the databases. Prints a
# summary and exits non-zero on any violation. About 11 minutes on 2 cores. Logs: bench/target/chaos/.
# Extra arguments go to Maven (e.g. -o, -Dchaos.tours=300).
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -pl bench -am verify -Pchaos -DskipITs \
  -Dtest=ChaosRun -Dsurefire.failIfNoSpecifiedTests=false "$@"
