package io.optgate.consent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.consent.rules.ConsentRules;
import io.optgate.consent.rules.Identifiers;
import io.optgate.consent.topology.ConsentDriver;
import io.optgate.platform.http.ApiKeys;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.http.query.KeyOwner;
import io.optgate.platform.http.query.KeyOwnerLookup;
import io.optgate.platform.http.query.OwnerForwarder;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The consent API served over real HTTP in front of the topology in a TopologyTestDriver: a PUT's
 * event is piped into the driver (processed at once), and reads go to the driver's stores.
 */
final class ApiHarness implements AutoCloseable {

    static final String TENANT_KEY = "key-happy-paws";
    static final String OTHER_TENANT_KEY = "key-city-vets";
    static final String SUPPORT_KEY = "key-support";

    final ConsentDriver kit;
    final HttpApi server;
    /** While false, published changes are dropped, as if the topology were stuck. */
    final AtomicBoolean applying = new AtomicBoolean(true);
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    ApiHarness(final Path stateDir, final Duration putTimeout) {
        kit = new ConsentDriver(stateDir);
        final StoreAccess stores = new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(final String name, final int partition) {
                return kit.store(name);
            }
        };
        final ConsentPublisher publisher = new ConsentPublisher() {
            @Override
            public synchronized void publish(final ConsentEvent event) {
                if (applying.get()) {
                    kit.pipe(Identifiers.clientKey(event.getTenantId(), event.getClientId()), event);
                }
            }

            @Override
            public synchronized void publish(final String key, final ConsentSetting setting) {
                if (applying.get()) {
                    kit.pipe(key, setting);
                }
            }
        };
        final KeyOwnerLookup everythingLocal = new KeyOwnerLookup() {
            @Override
            public <K> KeyOwner locate(final String store, final K key, final Serializer<K> keySerializer) {
                return new KeyOwner.Local(0);
            }
        };
        final InteractiveQueries queries = new InteractiveQueries(everythingLocal, OwnerForwarder.create());
        final ConsentApi api = new ConsentApi(queries, stores, publisher, new ConsentRules(ConsentRules.DEFAULT_MARKETING_CONFIRMATION_TTL),
                putTimeout, Clock.fixed(ConsentDriver.START, ZoneOffset.UTC));
        server = HttpApi.builder()
                .port(0)
                .apiKeys(ApiKeys.parse(TENANT_KEY + "=happy-paws," + OTHER_TENANT_KEY + "=city-vets," + SUPPORT_KEY + "=*"))
                .routes(api.routes())
                .build()
                .start();
    }

    record Answer(int status, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }
    }

    Answer get(final String path, final String key) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), key);
    }

    Answer put(final String path, final String key, final String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), key);
    }

    private URI uri(final String path) {
        return server.baseUri().resolve(path);
    }

    private Answer send(final HttpRequest.Builder request, final String key) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            final HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? json.nullNode() : json.readTree(response.body()));
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(Duration.ZERO);
        kit.close();
    }
}
