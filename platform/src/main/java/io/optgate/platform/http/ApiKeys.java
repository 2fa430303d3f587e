package io.optgate.platform.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys of {@code OPTGATE_API_KEYS}: a comma list of {@code key=tenantId} (that practice
 * only) or {@code key=*} (support: every practice). Keys are held as SHA-256 digests only, and
 * error messages never contain a key.
 */
public final class ApiKeys {

    /** The variable the keys come from. */
    public static final String VARIABLE = "OPTGATE_API_KEYS";
    /** The variable of the key that may read {@code /metrics} and nothing else. */
    public static final String METRICS_VARIABLE = "OPTGATE_METRICS_KEY";

    private static final String SUPPORT = "*";
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ApiKeys DISABLED = new ApiKeys(Map.of());

    private final Map<String, Principal> byDigest;

    private ApiKeys(final Map<String, Principal> byDigest) {
        this.byDigest = Map.copyOf(byDigest);
    }

    /** No keys: authentication off, and the server binds to loopback only. */
    public static ApiKeys disabled() {
        return DISABLED;
    }

    /**
     * Parses {@code key=tenantId,key=*,...}; whitespace around entries is ignored. A key may itself
     * contain {@code =} (base64 padding): the last {@code =} separates it from the tenant.
     *
     * @throws IllegalArgumentException naming the position of a bad entry (never the key)
     */
    public static ApiKeys parse(final String spec) {
        final Map<String, Principal> byDigest = new HashMap<>();
        final String[] entries = spec.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            final String entry = entries[i].trim();
            final int position = i + 1;
            final int separator = entry.lastIndexOf('=');
            if (separator <= 0) {
                throw new IllegalArgumentException("entry " + position + " is not key=tenantId or key=*");
            }
            final String key = entry.substring(0, separator).trim();
            final String tenant = entry.substring(separator + 1).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("entry " + position + " has an empty key");
            }
            if (!tenant.equals(SUPPORT) && !TENANT_ID.matcher(tenant).matches()) {
                throw new IllegalArgumentException("entry " + position
                        + " names an invalid tenant id (1 to 64 of A-Z a-z 0-9 . _ -, or * for support)");
            }
            final String digest = digest(key);
            final String fingerprint = "key-" + digest.substring(0, 8);
            final Principal principal = tenant.equals(SUPPORT)
                    ? new Principal.SupportKey(fingerprint)
                    : new Principal.TenantKey(tenant, fingerprint);
            if (byDigest.putIfAbsent(digest, principal) != null) {
                throw new IllegalArgumentException("entry " + position + " repeats a key given earlier");
            }
        }
        return new ApiKeys(byDigest);
    }

    /**
     * These keys and a metrics key, which may call {@link Access#METRICS} routes only (a scraper
     * should not hold a key that reads practices' data).
     *
     * @throws IllegalArgumentException when authentication is off (a metrics key alone would
     *     leave every other route open) or the key is one of the API keys (never the key itself)
     */
    public ApiKeys withMetricsKey(final String key) {
        if (!enabled()) {
            throw new IllegalArgumentException("a metrics key needs " + VARIABLE + " to be set");
        }
        final String trimmed = key.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the metrics key is empty");
        }
        final String digest = digest(trimmed);
        if (byDigest.containsKey(digest)) {
            throw new IllegalArgumentException("the metrics key repeats a key of " + VARIABLE);
        }
        final Map<String, Principal> all = new HashMap<>(byDigest);
        all.put(digest, new Principal.MetricsKey("key-" + digest.substring(0, 8)));
        return new ApiKeys(all);
    }

    /** Whether any key is configured; when not, authentication is off. */
    public boolean enabled() {
        return !byDigest.isEmpty();
    }

    /** How many keys are configured. */
    public int size() {
        return byDigest.size();
    }

    /**
     * The principal of an {@code Authorization: Bearer <key>} header value, or of
     * {@code Authorization: Basic} with the key as password (as schema-registry clients send
     * credentials); empty when the header is missing, of another scheme, or names an unknown key.
     */
    public Optional<Principal> authenticate(final String authorizationHeader) {
        return token(authorizationHeader).map(token -> byDigest.get(digest(token)));
    }

    /** Never shows keys. */
    @Override
    public String toString() {
        return enabled() ? "ApiKeys[" + size() + " keys]" : "ApiKeys[disabled]";
    }

    private static Optional<String> token(final String header) {
        if (header == null) {
            return Optional.empty();
        }
        final String trimmed = header.trim();
        final int space = trimmed.indexOf(' ');
        if (space <= 0) {
            return Optional.empty();
        }
        final String scheme = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
        final String credentials = trimmed.substring(space + 1).trim();
        final String token = switch (scheme) {
            case "bearer" -> credentials;
            case "basic" -> basicPassword(credentials);
            default -> "";
        };
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static String basicPassword(final String credentials) {
        try {
            final String userAndPassword = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            final int colon = userAndPassword.indexOf(':');
            return colon < 0 ? "" : userAndPassword.substring(colon + 1);
        } catch (final IllegalArgumentException notBase64) {
            return "";
        }
    }

    private static String digest(final String key) {
        try {
            final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
