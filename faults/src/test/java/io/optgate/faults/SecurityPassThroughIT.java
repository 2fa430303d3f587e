package io.optgate.faults;

import io.optgate.faults.Population.Client;
import io.optgate.faults.Population.Group;
import io.optgate.faults.Traffic.Written;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.schema.Category;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.Verdict;
import io.optgate.testing.Deadline;
import io.optgate.testing.twilio.TwilioMessagesStandIn.Post;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The security pass-through (docs/RELIABILITY.md): the brokers' client listener speaks SASL/PLAIN
 * only and the registry wants basic auth, and one consent-streams and one dispatcher process get the
 * credentials only through their documented variables ({@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, user info in
 * {@code SCHEMA_REGISTRY_URL}). A short run of consent changes, STOPs and requests must come out
 * right, and so must texts asked for and a STOP sent through the apps' HTTP paths; that needs every
 * client of both apps (Kafka Streams, the HTTP paths' producers, admin clients, the SMS sender's own
 * consumers and producer, the consent-progress probe, the registry client) logged in;
 * no broker may have refused a login and no request may have reached the registry without
 * credentials; and a client without the settings is refused.
 */
class SecurityPassThroughIT {

    /** 400 requests at 20/s over 60 clients: about 20 s of traffic with STOPs, STARTs, level changes and YESes. */
    private static final FaultRunSize SIZE = new FaultRunSize(400, 20, 60, 29L, Duration.ZERO, Duration.ZERO);

    /**
     * What a broker logs when it refuses a connection: a wrong password ({@code Failed authentication
     * with ...}), or a client without SASL ({@code Unexpected Kafka request of type METADATA during
     * SASL handshake}).
     */
    private static final Pattern BROKER_REFUSAL = Pattern.compile("Failed authentication with|during SASL handshake");

    /** What a Kafka or registry client logs when it is refused. */
    private static final Pattern APP_REFUSAL = Pattern.compile(
            "failed authentication|AuthenticationException|Unauthorized",
            Pattern.CASE_INSENSITIVE);

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everyClientOfBothAppsLogsInThroughTheDocumentedVariables() throws Exception {
        final Path output = Path.of(System.getProperty("optgate.faults.output", "target/faults")).resolve("secured");
        final ClusterSecurity security = ClusterSecurity.forTests();
        final Instant started = Instant.now();
        try (FaultCluster cluster = FaultCluster.startSecured(output.resolve("processes"), security)) {
            final AvroSerdes serdes = AvroSerdes.forUrl(cluster.registryUrl());
            final Population population = Population.of(SIZE.clients(), new Random(SIZE.seed()), started);
            final ConsentTimeline timeline = new ConsentTimeline();
            final FaultChecks checks;
            final RunOutput out;
            try (Traffic traffic = new Traffic(cluster.kafka().bootstrapServers(), cluster.clientSecurity(), serdes,
                    population, timeline, SIZE)) {
                traffic.writeSetup();
                KillUnderLoadIT.awaitNoted(cluster, serdes, traffic.consentEventIds());
                traffic.run();
                out = KillUnderLoadIT.drain(cluster, serdes, traffic, SIZE);
                checks = new FaultChecks(traffic.written(), timeline, out, traffic.consentEventIds(), List.of(), traffic.copies());
                final Map<String, Long> figures = new LinkedHashMap<>(checks.figures());
                figures.putAll(checks.reasons());
                checks.outcomes().forEach((outcome, count) -> figures.put("last delivery status " + outcome, count));
                FaultReport.write(output.resolve("report.md"), figures.entrySet().stream()
                        .map(entry -> "| " + entry.getKey() + " | " + entry.getValue() + " |")
                        .collect(Collectors.joining("\n", "# Security pass-through run\n\n| figure | value |\n|---|---|\n",
                                "\n\nrun took " + Duration.between(started, Instant.now()).toSeconds() + " s\n")));
                System.out.println("security pass-through: " + figures + " in "
                        + Duration.between(started, Instant.now()).toSeconds() + " s");

                assertThat(FaultChecks.outstanding(traffic.written(), out)).as("requests undecided or SENDs without outcome")
                        .isZero();
                assertThat(checks.violations()).as(checks.summary()).isEmpty();
                assertThat(checks.limits()).as("no fault, so no case a documented limit explains").isEmpty();
                assertEligibleSentAndStoppedSilent(population, traffic.written(), out);
            }

            assertHttpPathsWrite(cluster);

            // Nothing was refused while the apps ran: every client logged in.
            assertThat(cluster.apps()).allMatch(AppProcess::alive, "every app process still runs")
                    .allMatch(AppProcess::healthy, "every app process is healthy");
            final long brokerRefusalsOfTheRun = brokerRefusals(cluster);
            assertThat(brokerRefusalsOfTheRun).as("logins the brokers refused during the run").isZero();
            assertThat(cluster.registry().refused()).as("registry requests without credentials during the run").isZero();
            for (final AppProcess app : cluster.apps()) {
                final String log = Files.readString(app.log(), StandardCharsets.UTF_8);
                assertThat(APP_REFUSAL.matcher(log).results().map(match -> match.group()).toList())
                        .as(app.name() + " logged a refused login (" + app.log() + ")").isEmpty();
                security.secrets().forEach((what, secret) ->
                        assertThat(log).as(app.name() + " logged " + what).doesNotContain(secret));
            }

            // And the locks are real: without the settings a client gets nothing.
            assertUnsecuredKafkaClientIsRefused(cluster);
            assertThat(brokerRefusals(cluster)).as("the brokers log a refused login, so the check above means something")
                    .isGreaterThan(brokerRefusalsOfTheRun);
            assertRegistryWantsCredentials(cluster, security);
        }
    }

    /**
     * Clients that never change (STEADY) get every transactional request sent and accepted by the
     * stand-in; numbers that texted STOP before the traffic (STOPPED) get nothing at all.
     */
    private static void assertEligibleSentAndStoppedSilent(final Population population, final Map<String, Written> written,
                                                           final RunOutput out) {
        final Map<String, Group> groups = population.clients().stream()
                .collect(Collectors.toMap(Client::key, Client::group));
        final Map<String, List<DispatchDecision>> decisions = out.decisions().stream()
                .filter(decision -> decision.getReason() != DecisionReason.DUPLICATE_REQUEST)
                .collect(Collectors.groupingBy(decision -> decision.getTenantId() + "/" + decision.getRequestId()));
        final Map<String, List<Post>> posts = out.posts().stream()
                .collect(Collectors.groupingBy(post -> post.tenantId() + "/" + post.requestId()));
        assertThat(out.decisions()).as("CONSENT_STALE decisions (the consent-progress probe not reading offsets)")
                .noneMatch(decision -> decision.getReason() == DecisionReason.CONSENT_STALE);
        final List<String> notSent = new ArrayList<>();
        final List<String> postedWhileStopped = new ArrayList<>();
        int steadyTransactional = 0;
        int stopped = 0;
        for (final Map.Entry<String, Written> entry : written.entrySet()) {
            final Written request = entry.getValue();
            final Group group = groups.get(request.clientKey());
            if (group == Group.STEADY && request.category() != Category.MARKETING) {
                steadyTransactional++;
                final boolean sent = decisions.getOrDefault(entry.getKey(), List.of()).stream()
                        .anyMatch(decision -> decision.getVerdict() == Verdict.SEND);
                final boolean accepted = posts.getOrDefault(entry.getKey(), List.of()).stream()
                        .anyMatch(post -> post.status() == 201);
                if (!sent || !accepted) {
                    notSent.add(entry.getKey() + " " + decisions.getOrDefault(entry.getKey(), List.of()).stream()
                            .map(decision -> decision.getVerdict() + " " + decision.getReason()).toList());
                }
            } else if (group == Group.STOPPED) {
                stopped++;
                if (posts.containsKey(entry.getKey())) {
                    postedWhileStopped.add(entry.getKey());
                }
            }
        }
        System.out.println("security pass-through: " + steadyTransactional + " transactional requests of steady clients, "
                + stopped + " requests to STOPped numbers");
        assertThat(steadyTransactional).as("the run has eligible requests").isPositive();
        assertThat(stopped).as("the run has requests to STOPped numbers").isPositive();
        assertThat(notSent).as("eligible requests not sent and accepted").isEmpty();
        assertThat(postedWhileStopped).as("requests to STOPped numbers POSTed").isEmpty();
    }

    /**
     * The producers behind the apps' HTTP paths, which the traffic does not use: staff set a client
     * through consent-streams' API, an upstream system asks the dispatcher for a text (sent), the
     * number texts a signed STOP to the inbound webhook, and the next text is dropped.
     */
    private static void assertHttpPathsWrite(final FaultCluster cluster) {
        final AppHttpPaths paths = new AppHttpPaths(cluster.consentStreams().get(0), cluster.dispatchers().get(0));
        final String tenant = "vet-faults-a";
        final String client = "c-http-1";
        final String phone = "+447799000001";
        final Duration timeout = Duration.ofSeconds(60);

        final AppHttpPaths.Answer set = paths.setLevel(tenant, client, "FULL_TRANSACTIONAL", phone);
        assertThat(set.status()).as("consent API: " + set.body()).isBetween(200, 299);
        final AppHttpPaths.Answer first = paths.requestText(tenant, "sec-http-1", client, phone);
        assertThat(first.status()).as("message API: " + first.body()).isEqualTo(202);
        assertThat(AppHttpPaths.poll(() -> paths.decision(tenant, "sec-http-1"), node -> node.hasNonNull("verdict"), timeout))
                .as("decision of the text asked for over HTTP")
                .hasValueSatisfying(node -> assertThat(node.path("verdict").asText()).isEqualTo("SEND"));
        final Deadline posted = Deadline.after(timeout);
        while (cluster.twilio().posts().stream().noneMatch(post -> "sec-http-1".equals(post.requestId()) && post.status() == 201)
                && !posted.expired()) {
            posted.pause();
        }
        assertThat(cluster.twilio().posts()).as("the text asked for over HTTP reached the stand-in")
                .anyMatch(post -> "sec-http-1".equals(post.requestId()) && post.status() == 201);

        final AppHttpPaths.Answer stop = paths.inbound(phone, "STOP", "SMsecurepassthrough1", FaultCluster.AUTH_TOKEN);
        assertThat(stop.status()).as("inbound webhook: " + stop.body()).isBetween(200, 299);
        assertThat(AppHttpPaths.poll(() -> paths.consent(tenant, client), node -> node.path("phoneSuppressed").asBoolean(), timeout))
                .as("the signed STOP reached consent-streams").isPresent();
        final AppHttpPaths.Answer second = paths.requestText(tenant, "sec-http-2", client, phone);
        assertThat(second.status()).as("message API: " + second.body()).isEqualTo(202);
        assertThat(AppHttpPaths.poll(() -> paths.decision(tenant, "sec-http-2"), node -> node.hasNonNull("verdict"), timeout))
                .as("decision of the text after the STOP")
                .hasValueSatisfying(node -> assertThat(node.path("verdict").asText()).isEqualTo("DROP"));
        assertThat(cluster.twilio().posts()).as("nothing POSTed after the STOP")
                .noneMatch(post -> "sec-http-2".equals(post.requestId()));
    }

    private static long brokerRefusals(final FaultCluster cluster) throws IOException {
        long refusals = 0;
        for (final int node : cluster.kafka().nodeIds()) {
            try (var lines = Files.lines(cluster.kafka().logFile(node), StandardCharsets.UTF_8)) {
                refusals += lines.filter(line -> BROKER_REFUSAL.matcher(line).find()).count();
            }
        }
        return refusals;
    }

    private static void assertUnsecuredKafkaClientIsRefused(final FaultCluster cluster) {
        final Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka().bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
                    .as("a client without the SASL settings lists no topic")
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private static void assertRegistryWantsCredentials(final FaultCluster cluster, final ClusterSecurity security)
            throws InterruptedException {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final URI schemaOne = URI.create(cluster.registry().url() + "/schemas/ids/1");
        final Function<HttpRequest.Builder, Integer> status = builder -> {
            try {
                return http.send(builder.timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        final String basic = "Basic " + Base64.getEncoder().encodeToString(
                (security.registryUser() + ":" + security.registryPassword()).getBytes(StandardCharsets.UTF_8));
        assertThat(status.apply(HttpRequest.newBuilder(schemaOne))).as("the registry without credentials").isEqualTo(401);
        assertThat(status.apply(HttpRequest.newBuilder(schemaOne).header("Authorization", basic)))
                .as("the registry with them (the apps registered schema 1)").isEqualTo(200);
        assertThat(cluster.registry().refused()).isEqualTo(1);
    }
}
