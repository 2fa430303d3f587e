package io.optgate.testing.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook the way Twilio does ({@code X-Twilio-Signature}): HMAC-SHA1 keyed with the auth
 * token, over the full URL followed by every POST field name and value sorted by name, Base64. For
 * tests that call an app's Twilio webhooks from outside its module.
 */
public final class TwilioSignature {

    private TwilioSignature() {
    }

    /** The signature Twilio would send for a POST of {@code form} to {@code url}. */
    public static String of(final String authToken, final String url, final Map<String, String> form) {
        final StringBuilder data = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
        try {
            final Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
