#!/bin/sh
# Starts one optgate app instance. Several instances of the same app may run side by side: each
# advertises its own <hostname>:<port> to its peers (Kafka Streams application.server), so that a
# query for a key another instance owns is forwarded there. Docker resolves a container's hostname
# (its short id) on the compose network.
set -eu
: "${KAFKA_APPLICATION_SERVER:=$(hostname):${OPTGATE_HTTP_PORT:-8080}}"
export KAFKA_APPLICATION_SERVER
# exec: the JVM is PID 1 and gets SIGTERM from `docker stop`, which runs the graceful shutdown.
exec java ${JAVA_OPTS:-} -jar /app/app.jar "$@"
