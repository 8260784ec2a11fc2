#!/usr/bin/env bash
# The bench: booking pipeline at 25/50/100/200 checkouts/s against its floor, listing HTTP against a
# bare Vert.x endpoint and the same queries straight to MongoDB, the sustained checkout rate and the
# goodput at 8 times it, one clustered node against two, calendar fill, bridge and subscription
# against their raw baselines. Writes bench/target/bench/report.json (with its summary) and
# report.html and prints the figures. About 5-8 minutes on 2 cores. Extra arguments go to Maven
# (e.g. -o, -Dbench.load-seconds=4, -Dbench.only=http).
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -pl bench -am verify -Pbench -DskipITs \
  -Dtest=BenchRun -Dsurefire.failIfNoSpecifiedTests=false "$@"
