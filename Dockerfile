# syntax=docker/dockerfile:1
# Production image of the messaging service: build with the Maven wrapper, run on a JRE as a non-root user,
# from the extracted jar (one image layer per jar layer) with a class-data-sharing archive for a faster start.
#   docker build -t pulse/messaging-service .
#   docker run -e SPRING_PROFILES_ACTIVE=prod -e MONGODB_URI=... -e REDIS_URL=... -e RABBITMQ_URL=... \
#              -e JWT_SECRET=... -p 8084:8084 pulse/messaging-service

# ---------------------------------------------------------------- build
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# docs/asyncapi.yaml is packaged into the jar (served at /v3/asyncapi.yaml)
COPY docs docs
# the cache mount keeps Maven and the dependencies between builds (BuildKit, the default builder)
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw && ./mvnw -B -DskipTests package
# Boot's tools jar mode splits the jar by layers.idx. Without --launcher it writes the CDS-friendly layout:
# messaging-service.jar (the application classes, its manifest's Class-Path naming lib/*.jar) plus lib/.
# (--launcher would keep the nested BOOT-INF layout and JarLauncher, whose class loader CDS cannot archive.)
RUN java -Djarmode=tools -jar target/messaging-service.jar extract --layers --destination extracted

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
# least to most often changed, so a code change rebuilds only the last layers
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# CDS training run: start the application up to the refreshed context and exit, writing the classes it loaded
# to application.jsa. It runs without backends and without the prod profile (which requires their addresses):
# lazy initialization keeps the beans that create MongoDB indexes at start-up from waiting for a MongoDB, at the
# price of a smaller archive. A JVM that cannot use the archive (other JDK, other class path) ignores it.
RUN java -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh \
        -Dspring.main.lazy-initialization=true -Dspring.main.banner-mode=off -jar messaging-service.jar \
    && test -s application.jsa

ENV SPRING_PROFILES_ACTIVE=prod \
    PORT=8084
USER 10001:10001
EXPOSE 8084

# liveness only: readiness (MongoDB, Redis) is for the load balancer / orchestrator, not a restart reason
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/actuator/health/liveness" || exit 1

# java is PID 1, so SIGTERM reaches Spring's graceful shutdown; add JVM options with JAVA_TOOL_OPTIONS.
# The class path is the one of the training run (messaging-service.jar in /app), as CDS requires.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=application.jsa", "-XX:InitialRAMPercentage=75", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "messaging-service.jar"]
