package io.optgate.faults;

import io.optgate.testing.SaslPlain;

import java.util.Map;

/**
 * The credentials of a secured run: a SASL/PLAIN user on the brokers and a basic-auth user on the
 * registry. The apps get them only through their documented variables ({@code KAFKA_*} by the
 * pass-through rule, user info in {@code SCHEMA_REGISTRY_URL}); the test's own clients through
 * {@link FaultCluster#clientSecurity()} and {@link FaultCluster#registryUrl()}.
 *
 * @param kafka            the brokers' only client user
 * @param registryUser     basic-auth user of the registry (URL-safe)
 * @param registryPassword basic-auth password of the registry (URL-safe)
 */
record ClusterSecurity(SaslPlain kafka, String registryUser, String registryPassword) {

    /** Fixed loopback-only credentials, distinct enough to be searched for in the logs. */
    static ClusterSecurity forTests() {
        return new ClusterSecurity(new SaslPlain("optgate-apps", "kafka-pw-7f3a9c"), "optgate-registry", "registry-pw-b41e07");
    }

    /** The app variables that log in to the brokers: {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}. */
    Map<String, String> kafkaVariables() {
        return Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_JAAS_CONFIG", kafka.jaasConfig());
    }

    /** The secrets, which no app log may contain. */
    Map<String, String> secrets() {
        return Map.of("the Kafka password", kafka.password(), "the registry password", registryPassword);
    }

    @Override
    public String toString() {
        return "ClusterSecurity[kafka user " + kafka.user() + ", registry user " + registryUser + "]";
    }
}
