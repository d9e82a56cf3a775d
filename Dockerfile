# syntax=docker/dockerfile:1
# Production image of the messaging service: build with the Maven wrapper, run on a JRE as a non-root user.
#   docker build -t pulse/messaging-service .
#   docker run -e SPRING_PROFILES_ACTIVE=prod -e MONGODB_URI=... -e REDIS_URL=... -e RABBITMQ_URL=... \
#              -e JWT_SECRET=... -p 8084:8084 pulse/messaging-service

# ---------------------------------------------------------------- build
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# the cache mount keeps Maven and the dependencies between builds (BuildKit, the default builder)
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw && ./mvnw -B -DskipTests package

# ---------------------------------------------------------------- runtime
FROM eclipse-temurin:17-jre
# the Ubuntu-based Temurin images ship curl (used by HEALTHCHECK); install it only if a base image lacks it
RUN if ! command -v curl >/dev/null 2>&1; then \
        apt-get update \
        && apt-get install -y --no-install-recommends curl \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && groupadd --system --gid 10001 messaging \
    && useradd --system --uid 10001 --gid messaging --no-create-home --home-dir /app --shell /usr/sbin/nologin messaging
WORKDIR /app
COPY --from=build /build/target/messaging-service.jar /app/messaging-service.jar

ENV SPRING_PROFILES_ACTIVE=prod \
    PORT=8084
USER 10001:10001
EXPOSE 8084

# liveness only: readiness (MongoDB, Redis) is for the load balancer / orchestrator, not a restart reason
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/actuator/health/liveness" || exit 1

# java is PID 1, so SIGTERM reaches Spring's graceful shutdown; add JVM options with JAVA_TOOL_OPTIONS
ENTRYPOINT ["java", "-XX:InitialRAMPercentage=75", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/messaging-service.jar"]
