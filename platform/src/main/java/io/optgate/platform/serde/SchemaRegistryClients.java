package io.optgate.platform.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Builds a {@link SchemaRegistryClient} from a URL or from client configuration.
 *
 * <ul>
 *   <li>{@code http://...} / {@code https://...} (comma-separated for several registry nodes): the REST
 *       client, cached, with bounded retries (4 attempts, backoff from 200 ms up to 2 s, 10 s per
 *       request). User info in the URL is used for basic auth.</li>
 *   <li>{@code mock://<scope>}: the in-process registry of that scope, shared by every client in this
 *       JVM that names the same scope (local mode and tests).</li>
 * </ul>
 */
public final class SchemaRegistryClients {

    private static final String MOCK_PREFIX = "mock://";

    private SchemaRegistryClients() {
    }

    /**
     * A client for {@code url}, as described on this class.
     *
     * @throws ConfigException when the URL is empty, malformed or not http(s):// or mock://
     */
    public static SchemaRegistryClient forUrl(final String url) {
        return forConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url == null ? "" : url));
    }

    /**
     * A client for the {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL} in {@code configs}, with basic auth
     * from {@link AvroSerdeConfig#BASIC_AUTH_USER_INFO} when set (it wins over user info in the URL).
     *
     * @throws ConfigException when the URL is missing or invalid
     */
    public static SchemaRegistryClient forConfig(final Map<String, ?> configs) {
        final String urls = text(configs.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL));
        if (urls == null || urls.isBlank()) {
            throw new ConfigException("Missing required configuration \"" + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                + "\": the Schema Registry URL (http(s)://host:port, or mock://<scope> for an in-process registry)");
        }
        final String trimmed = urls.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith(MOCK_PREFIX)) {
            // Cached like the REST client: the in-process registry renders the schema on every call,
            // which otherwise costs half of a stream thread's time in local mode and tests.
            return new CachingSchemaRegistryClient(InMemorySchemaRegistry.forScope(mockScope(trimmed)));
        }
        final List<URI> bases = new ArrayList<>();
        String userInfo = null;
        for (final String part : trimmed.split(",")) {
            final URI uri = httpUri(part.trim());
            if (userInfo == null && uri.getRawUserInfo() != null) {
                userInfo = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            }
            bases.add(withoutUserInfo(uri));
        }
        final String configuredUserInfo = text(configs.get(AvroSerdeConfig.BASIC_AUTH_USER_INFO));
        if (configuredUserInfo != null && !configuredUserInfo.isBlank()) {
            userInfo = configuredUserInfo;
        }
        return new CachingSchemaRegistryClient(
            new RestSchemaRegistryClient(bases, userInfo, RestSchemaRegistryClient.Settings.DEFAULTS));
    }

    /**
     * Forgets the in-process registry of {@code mock://<scope>}, so the scope starts empty again
     * (ids from 1). For tests that need a clean registry under a fixed name.
     */
    public static void dropMockScope(final String scope) {
        InMemorySchemaRegistry.dropScope(scope);
    }

    private static String mockScope(final String url) {
        String scope = url.substring(MOCK_PREFIX.length());
        while (scope.endsWith("/")) {
            scope = scope.substring(0, scope.length() - 1);
        }
        if (scope.isEmpty() || scope.contains(",")) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                "a mock:// URL names exactly one scope, e.g. mock://local");
        }
        return scope;
    }

    private static URI httpUri(final String text) {
        final URI uri;
        try {
            uri = new URI(text);
        } catch (final URISyntaxException e) {
            throw new ConfigException("Invalid " + AvroSerdeConfig.SCHEMA_REGISTRY_URL + ": not a URL (" + e.getReason() + ")");
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException("Invalid " + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                + ": expected http(s)://host[:port] or mock://<scope>, got a URL with scheme '" + scheme + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException("Invalid " + AvroSerdeConfig.SCHEMA_REGISTRY_URL + ": no query or fragment allowed");
        }
        return uri;
    }

    private static URI withoutUserInfo(final URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        final String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + hostPart(uri.getHost()) + port + path);
    }

    private static String hostPart(final String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String text(final Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Password password) {
            return password.value();
        }
        return value.toString();
    }
}
