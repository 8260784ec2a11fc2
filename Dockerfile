# syntax=docker/dockerfile:1
# The tourbook node image: built with the Maven wrapper, run on a JRE as a non-root user.
#   docker build -t tourbook:local .
#   docker run -p 8080:8080 tourbook:local --services all
# Arguments after the image name go to the launcher (--cluster, --profile, --services ...).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The wrapper and the POMs first, so the dependency layer is reused while only sources change.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY event-contracts/ event-contracts/
COPY verticles/ verticles/
COPY lambda/ lambda/
COPY deploy-checks/ deploy-checks/
COPY cli/ cli/
COPY bench/ bench/
COPY config/ config/
# -Dproduction: the launcher without the development servers of verticles/embedded (every backing
# service is configured), checked by deploy-checks' ImageTest and the app's enforcer rule.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl verticles/app -am package -DskipTests -Dproduction

FROM eclipse-temurin:17-jre
# curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
# Extra CA certificates (e.g. the RDS bundle DocumentDB's TLS certificates chain to) go into the
# JVM trust store: put PEM files in docker/ca/ before building.
COPY docker/ca/ /tmp/ca/
RUN set -eu; \
    for pem in /tmp/ca/*.pem; do \
      [ -e "$pem" ] || continue; \
      csplit -s -z -f "$pem.part-" "$pem" '/-----BEGIN CERTIFICATE-----/' '{*}'; \
      for part in "$pem".part-*; do \
        keytool -importcert -noprompt -cacerts -storepass changeit \
          -alias "tourbook-$(basename "$part")" -file "$part"; \
      done; \
    done; \
    rm -rf /tmp/ca
RUN groupadd --system tourbook \
 && useradd --system --gid tourbook --home-dir /app --shell /usr/sbin/nologin tourbook \
 && mkdir -p /app/data \
 && chown -R tourbook:tourbook /app
WORKDIR /app
COPY --from=build --chown=tourbook:tourbook /src/verticles/app/target/tourbook.jar /app/tourbook.jar
USER tourbook
ENV DATA_DIR=/app/data
# HTTP, Hazelcast, clustered event bus (cluster.event-bus-port in the aws profile).
EXPOSE 8080 5701 5801
# Liveness only (the process and its event loops): an orchestrator that restarts unhealthy
# containers must not restart a node because a dependency is down. Readiness is /health/ready.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS "http://localhost:${HTTP_PORT:-8080}/health/live" > /dev/null || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/tourbook.jar"]
