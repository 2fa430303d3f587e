package io.optgate.testing;

import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * One SASL/PLAIN user of a {@linkplain KafkaClusters#separateProcesses(int, SaslPlain) secured
 * cluster}: its client-facing listener speaks {@code SASL_PLAINTEXT} only, so a client without
 * {@link #clientSettings()} cannot read or write. Loopback test clusters only: PLAIN over plaintext
 * sends the password in the clear.
 *
 * @param user     the user name, letters, digits, {@code .}, {@code _} and {@code -} (it becomes part
 *                 of a broker setting's name)
 * @param password the password, without {@code "} or {@code \} (it is quoted in the JAAS line)
 */
public record SaslPlain(String user, String password) {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    public SaslPlain {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("A SASL/PLAIN user name is letters, digits, '.', '_' or '-', not '" + user + "'");
        }
        if (password == null || password.isEmpty() || password.contains("\"") || password.contains("\\")) {
            throw new IllegalArgumentException("A SASL/PLAIN password must be non-empty, without '\"' or '\\'");
        }
    }

    /** The client settings that log in as this user: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}. */
    public Map<String, Object> clientSettings() {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
    }

    /** {@code PlainLoginModule required username="..." password="...";}, the value of {@code sasl.jaas.config}. */
    public String jaasConfig() {
        return LOGIN_MODULE + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** The broker-side JAAS line: the broker logs in as {@code broker} and accepts {@code broker} and {@code users}. */
    static String brokerJaasConfig(final SaslPlain broker, final SaslPlain... users) {
        final StringBuilder jaas = new StringBuilder(LOGIN_MODULE).append(" required username=\"").append(broker.user())
                .append("\" password=\"").append(broker.password()).append('"');
        jaas.append(" user_").append(broker.user()).append("=\"").append(broker.password()).append('"');
        for (final SaslPlain user : users) {
            jaas.append(" user_").append(user.user()).append("=\"").append(user.password()).append('"');
        }
        return jaas.append(';').toString();
    }

    /** Masks the password, so that a cluster's description is safe to log. */
    @Override
    public String toString() {
        return "SaslPlain[user=" + user + ", password=****]";
    }
}
