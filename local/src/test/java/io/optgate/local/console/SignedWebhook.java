package io.optgate.local.console;

import io.optgate.testing.twilio.TwilioSignature;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Posts a form to a Twilio webhook signed as Twilio signs it (HMAC-SHA1 of the URL and the sorted fields). */
final class SignedWebhook {

    private SignedWebhook() {
    }

    static int post(final String publicUrl, final String path, final String authToken, final Map<String, String> fields) throws Exception {
        final TreeMap<String, String> sorted = new TreeMap<>(fields);
        final String signature = TwilioSignature.of(authToken, publicUrl + path, sorted);
        final String form = sorted.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(publicUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
