package io.optgate.consent.http;

import io.optgate.consent.rules.ConsentRules;
import io.optgate.platform.contract.Identifiers;
import io.optgate.consent.topology.ConsentDriver;
import io.optgate.platform.http.ApiKeys;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.http.query.KeyOwner;
import io.optgate.platform.http.query.KeyOwnerLookup;
import io.optgate.platform.http.query.OwnerForwarder;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.SendingNumberClaim;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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
    /** Run once when the next change is published, before it is processed: what reached the topology meanwhile. */
    final AtomicReference<Runnable> beforeNextEvent = new AtomicReference<>();
    private final JsonHttp client;

    ApiHarness(final Path stateDir, final Duration putTimeout) {
        kit = new ConsentDriver(stateDir);
        final StoreAccess stores = new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(final String name, final int partition) {
                return kit.store(name);
            }

            @Override
            public <V> ReadOnlyKeyValueStore<String, V> globalKeyValueStore(final String name) {
                return kit.store(name);
            }
        };
        final ConsentPublisher publisher = new ConsentPublisher() {
            @Override
            public synchronized void publish(final ConsentEvent event) {
                final Runnable meanwhile = beforeNextEvent.getAndSet(null);
                if (meanwhile != null) {
                    meanwhile.run();
                }
                if (applying.get()) {
                    kit.pipe(Identifiers.clientKey(event.getTenantId(), event.getClientId()), event);
                }
            }

            @Override
            public synchronized void publish(final SendingNumberClaim claim) {
                if (applying.get()) {
                    kit.pipe(claim);
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
        client = new JsonHttp(server::baseUri, Duration.ofSeconds(10));
    }

    JsonHttp.Answer get(final String path, final String key) {
        return client.get(path, key);
    }

    JsonHttp.Text getText(final String path, final String key, final String accept) {
        return client.getText(path, key, accept);
    }

    JsonHttp.Answer put(final String path, final String key, final String body) {
        return client.put(path, key, body);
    }

    @Override
    public void close() {
        server.stop(Duration.ZERO);
        kit.close();
    }
}
