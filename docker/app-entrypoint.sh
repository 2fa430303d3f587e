#!/bin/sh
# Starts one optgate app instance. Several instances of the same app may run side by side: each
# advertises its own <hostname>:<port> to its peers (Kafka Streams application.server), so that a
# query for a key another instance owns is forwarded there. Docker resolves a container's hostname
# (its short id) on the compose network.
#
# The hostname is also the instance's static consumer-group membership (group.instance.id): a
# container that crashed and is restarted by Docker keeps its hostname and takes its partitions back
# at once, without a rebalance and without waiting for the old session to time out. A recreated
# container has a new hostname and joins as a new member.
set -eu
: "${KAFKA_APPLICATION_SERVER:=$(hostname):${OPTGATE_HTTP_PORT:-8080}}"
: "${KAFKA_GROUP_INSTANCE_ID:=$(hostname)}"
export KAFKA_APPLICATION_SERVER KAFKA_GROUP_INSTANCE_ID
# exec: the JVM is PID 1 and gets SIGTERM from `docker stop`, which runs the graceful shutdown.
exec java ${JAVA_OPTS:-} -jar /app/app.jar "$@"
