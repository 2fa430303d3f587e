package io.optgate.platform.http.query;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;
import io.optgate.platform.runner.StreamsApp;
import io.optgate.platform.runner.StreamsConfigs;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances of one Streams app, each with its HTTP server; every key is asked of instance a. */
@RealKafka
class StreamsInteractiveQueriesTest {

    private static final String TOPIC = "iq-values";
    private static final String STORE = "iq-values-store";
    private static final int KEYS = 12;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyKeyIsAnsweredThroughAnyInstance(final KafkaCluster kafka, @TempDir final Path dataDir) throws Exception {
        kafka.createTopic(TOPIC, 2);
        produceValues(kafka);
        try (Instance a = new Instance("a", kafka, dataDir.resolve("a"));
             Instance b = new Instance("b", kafka, dataDir.resolve("b"))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(a.runner.isRunning() && b.runner.isRunning()).isTrue();
                final Set<String> servedBy = new HashSet<>();
                for (int i = 0; i < KEYS; i++) {
                    final HttpResponse<String> answer = get(a, "k" + i);
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(answer.body()).endsWith(" has v" + i);
                    servedBy.add(answer.body().substring(0, 1));
                }
                assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
            });
            assertThat(get(a, "never-written").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void everyKeyIsFoundByAskingAllInstancesWithoutLocatingIt(final KafkaCluster kafka, @TempDir final Path dataDir) throws Exception {
        kafka.createTopic(TOPIC, 2);
        produceValues(kafka);
        try (Instance a = new Instance("a", kafka, dataDir.resolve("a"));
             Instance b = new Instance("b", kafka, dataDir.resolve("b"))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(a.runner.isRunning() && b.runner.isRunning()).isTrue();
                final Set<String> servedBy = new HashSet<>();
                for (int i = 0; i < KEYS; i++) {
                    final HttpResponse<String> answer = get(a, "any", "k" + i);
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(answer.body()).endsWith(" has v" + i);
                    servedBy.add(answer.body().substring(0, 1));
                }
                assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
            });
            assertThat(get(a, "any", "never-written").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(final Instance instance, final String key) throws Exception {
        return get(instance, "values", key);
    }

    private HttpResponse<String> get(final Instance instance, final String route, final String key) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(instance.api.baseUri() + "/v1/tenants/t1/" + route + "/" + key))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void produceValues(final KafkaCluster kafka) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < KEYS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    /** One app instance: Streams with application.server pointing at its own HTTP server. */
    private static final class Instance implements AutoCloseable {
        private final HttpApi api;
        private final StreamsRunner runner;

        Instance(final String name, final KafkaCluster kafka, final Path dataDir) {
            final AtomicReference<InteractiveQueries> queries = new AtomicReference<>();
            final AtomicReference<AllInstances> instances = new AtomicReference<>();
            final AtomicReference<StreamsRunner> self = new AtomicReference<>();
            api = HttpApi.builder().port(0).routes(Routes.builder()
                    .tenant(HttpMethod.GET, "/v1/tenants/{t}/values/{k}", request -> {
                        final String key = request.pathParameter("k");
                        return queries.get().answer(request, STORE, key, new StringSerializer(), partition -> {
                            final ReadOnlyKeyValueStore<String, String> store = self.get().streams().store(
                                    InteractiveQueries.storeParameters(STORE, QueryableStoreTypes.keyValueStore(), partition));
                            final String value = store.get(key);
                            if (value == null) {
                                throw ApiException.notFound("NOT_FOUND", "no value for this key");
                            }
                            return Response.text(200, "text/plain", name + " has " + value);
                        });
                    })
                    .tenant(HttpMethod.GET, "/v1/tenants/{t}/any/{k}", request -> {
                        final String key = request.pathParameter("k");
                        return instances.get().first(request, STORE, () -> {
                            // Every local partition at once: the request does not say which holds the key.
                            final ReadOnlyKeyValueStore<String, String> store = self.get().streams().store(
                                    StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
                            final String value = store.get(key);
                            if (value == null) {
                                throw ApiException.notFound("NOT_FOUND", "no value for this key");
                            }
                            return Response.text(200, "text/plain", name + " has " + value);
                        });
                    })
                    .build()).build().start();
            final StreamsBuilder builder = new StreamsBuilder();
            builder.table(TOPIC, Consumed.with(Serdes.String(), Serdes.String()).withName("read-values"),
                    Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(STORE)
                            .withKeySerde(Serdes.String())
                            .withValueSerde(Serdes.String()));
            final CommonConfig common = CommonConfig.from(Env.of(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_APPLICATION_SERVER", "127.0.0.1:" + api.port(),
                    "OPTGATE_DATA_DIR", dataDir.toString())));
            runner = StreamsRunner.builder(new StreamsApp("iq-" + name, builder.build(), StreamsConfigs.build("test-iq", common, Map.of(
                    "num.stream.threads", "1",
                    "commit.interval.ms", "100",
                    "auto.offset.reset", "earliest")))).build();
            self.set(runner);
            queries.set(InteractiveQueries.forStreams(runner.streams(), runner.applicationServer()));
            instances.set(AllInstances.forStreams(runner.streams(), runner.applicationServer()));
            runner.start();
        }

        @Override
        public void close() {
            api.stop(Duration.ZERO);
            runner.close(Duration.ofSeconds(20));
        }
    }
}
