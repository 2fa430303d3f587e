package io.optgate.dispatcher.twilio;

import java.util.Objects;

/**
 * {@code TWILIO_ACCOUNT_SID} and {@code TWILIO_AUTH_TOKEN}. The token signs webhooks and
 * authenticates API calls; {@link #toString()} never shows it.
 */
public record TwilioCredentials(String accountSid, String authToken) {

    /** Fails fast on missing or blank values. */
    public TwilioCredentials {
        Objects.requireNonNull(accountSid, "accountSid");
        Objects.requireNonNull(authToken, "authToken");
        if (accountSid.isBlank() || authToken.isBlank()) {
            throw new IllegalArgumentException("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must not be blank");
        }
    }

    @Override
    public String toString() {
        return "TwilioCredentials[accountSid=" + accountSid + ", authToken=<hidden>]";
    }
}
