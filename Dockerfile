# One image recipe for every Scaligator service:
#   docker build --build-arg SERVICE=alert-receiver -t scaligator/alert-receiver .
# SERVICE is one of: alert-receiver, metrics-poller, decision-engine, scale-actuator.

FROM maven:3.9.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN test -n "${SERVICE}" \
    && mvn -B -q -pl "${SERVICE}" -am package -DskipTests \
    && cp "${SERVICE}/target/${SERVICE}.jar" /service.jar

# Distroless Java 17: a JRE and nothing else, running as the unprivileged user 65532.
FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /service.jar /app/service.jar
USER 65532:65532
# Size the heap from the container's memory limit, and die (to be restarted) rather than limp on OOM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseContainerSupport"
ENV SCALIGATOR_CONFIG=/etc/scaligator/config.toml
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
