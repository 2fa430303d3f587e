package io.optgate.dispatcher.app;

import io.optgate.testing.twilio.TwilioSignature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.twilio.TwilioRoutes;
import io.optgate.dispatcher.twilio.TwilioWebhooks;
import io.optgate.dispatcher.twilio.WebhookSink;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.OpsRoutes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PreferenceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: 300 connections that send half a request and wait must not silence {@code /health}
 * or the Twilio webhooks (STOP replies would be lost while it lasts). The one-second bound is
 * the issue's own; everything else here is behaviour.
 */
class StalledClientsTest {

    private static final int STALLED = 300;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private static final String TOKEN = "12345678901234567890123456789012";
    private static final String PUBLIC_URL = "https://optgate.example.com";
    private static final String PRACTICE_NUMBER = "+15005550006";

    private final List<PhoneConsentEvent> recorded = new CopyOnWriteArrayList<>();
    private final List<Socket> stalled = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
    private Metrics metrics;
    private HttpApi api;

    @BeforeEach
    void start() {
        metrics = Metrics.prometheus();
        final TwilioWebhooks webhooks = new TwilioWebhooks(Optional.of(TOKEN), PUBLIC_URL, new OnePractice(),
                new Recorder(), metrics.registry(), Clock.systemUTC());
        api = HttpApi.builder().port(0)
                .routes(TwilioRoutes.of(webhooks))
                .routes(OpsRoutes.create(metrics, new Running()))
                .build().start();
    }

    @AfterEach
    void stop() throws Exception {
        for (final Socket socket : stalled) {
            socket.close();
        }
        api.stop(Duration.ZERO);
        metrics.close();
    }

    @Test
    void healthAndASignedStopAreAnsweredWhile300ClientsStallMidRequest() throws Exception {
        for (int i = 0; i < STALLED; i++) {
            final Socket socket = new Socket("127.0.0.1", api.port());
            stalled.add(socket);
            final OutputStream out = socket.getOutputStream();
            // Half of them stop inside the head, half inside a declared body.
            out.write((i % 2 == 0
                    ? "POST /twilio/inbound HTTP/1.1\r\nHost: optgate\r\nX-Twili"
                    : "POST /twilio/inbound HTTP/1.1\r\nHost: optgate\r\nContent-Length: 500\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\nFrom=%2B1555")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        final HttpResponse<String> health = client.send(HttpRequest.newBuilder(api.baseUri().resolve("/health"))
                .timeout(ANSWER_WITHIN).GET().build(), HttpResponse.BodyHandlers.ofString());
        final HttpResponse<String> stop = client.send(signedStop(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(recorded).hasSize(1);
    }

    private HttpRequest signedStop() {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM11111111111111111111111111111111");
        form.put("From", "+15551234567");
        form.put("To", PRACTICE_NUMBER);
        form.put("Body", "STOP");
        final String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(api.baseUri().resolve(TwilioWebhooks.INBOUND_PATH))
                .timeout(ANSWER_WITHIN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(TwilioRoutes.SIGNATURE_HEADER,
                        TwilioSignature.of(TOKEN, PUBLIC_URL + TwilioWebhooks.INBOUND_PATH, form))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private final class Recorder implements WebhookSink {
        @Override
        public void deliveryUpdate(final String clientKey, final DeliveryEvent event) {
        }

        @Override
        public void phoneConsent(final String phoneKey, final PhoneConsentEvent event) {
            recorded.add(event);
        }
    }

    private static final class OnePractice implements PracticeDirectory {
        @Override
        public Optional<CommunicationSettings> settings(final String tenantId) {
            return Optional.empty();
        }

        @Override
        public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> tenantOwningNumber(final String e164) {
            return PRACTICE_NUMBER.equals(e164) ? Optional.of("vet-1") : Optional.empty();
        }
    }

    private static final class Running implements HealthCheck {
        @Override
        public String name() {
            return "dispatcher";
        }

        @Override
        public Status status() {
            return new Status(true, "RUNNING");
        }
    }
}
