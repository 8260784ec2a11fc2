#!/usr/bin/env bash
# The bench: booking pipeline at 25/50/100/200 checkouts/s against its floor, listing HTTP against a
# bare Vert.x endpoint, one clustered node against two. Writes bench/target/bench/report.json and
# report.html and prints the figures. About 4-6 minutes on 2 cores. Extra arguments go to Maven
# (e.g. -o, -Dbench.load-seconds=4).
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -pl bench -am verify -Pbench -DskipITs \
  -Dtest=BenchRun -Dsurefire.failIfNoSpecifiedTests=false "$@"
