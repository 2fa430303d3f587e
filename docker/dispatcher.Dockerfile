# optgate dispatcher, from the shaded jar the Maven build makes:
#   ./mvnw -q -DskipTests package && docker-compose build dispatcher
FROM eclipse-temurin:17-jre

RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/optgate optgate \
 && mkdir -p /app /var/lib/optgate \
 && chown optgate /var/lib/optgate

COPY dispatcher/target/optgate-dispatcher.jar /app/app.jar
COPY docker/app-entrypoint.sh /app/entrypoint.sh

USER optgate
WORKDIR /var/lib/optgate
ENV OPTGATE_HTTP_PORT=8080 \
    OPTGATE_DATA_DIR=/var/lib/optgate
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=30 \
  CMD curl -fsS http://localhost:8080/health >/dev/null || exit 1
ENTRYPOINT ["/app/entrypoint.sh"]
