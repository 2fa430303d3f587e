package io.optgate.dispatcher.twilio;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.optgate.dispatcher.sender.MessageGateway;
import io.optgate.dispatcher.sender.OutboundSms;
import io.optgate.dispatcher.sender.SendResult;
import io.optgate.platform.logging.PhoneMasking;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.Header;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Hands texts to Twilio's Messages API with twilio-java ({@code Message.creator}), one attempt per
 * call, and classifies the answer:
 * <ul>
 *   <li>201 → {@link SendResult.Accepted} with the Message SID;</li>
 *   <li>429 → {@link SendResult.NotAccepted} (throttled, Retry-After honoured); 5xx →
 *       {@link SendResult.NotAccepted}; a connection that never opened → {@link SendResult.NotAccepted};</li>
 *   <li>any other 4xx (21211 invalid number, 21614 not a mobile number, 21610 unsubscribed
 *       recipient, ...) → {@link SendResult.Rejected} with Twilio's code and message (21610 flagged as
 *       a carrier opt-out);</li>
 *   <li>a lost answer (read timeout, connection closed after the request was written) →
 *       {@link SendResult.Unconfirmed}: Twilio may have the message, so it is not sent again.</li>
 * </ul>
 * From is the practice's {@code smsFrom}, or the Messaging Service when one is configured; the
 * StatusCallback carries the ids (see {@link StatusCallbackUrl}); {@code Attempt} is the attempt
 * number and {@code ValidityPeriod} keeps Twilio from sending after the request's {@code expiresAt}.
 * Error messages are stored with anything that looks like a phone number masked.
 */
public final class TwilioGateway implements MessageGateway {

    /** Twilio's "Attempt to send to unsubscribed recipient": the carrier has the number opted out. */
    public static final int UNSUBSCRIBED_RECIPIENT = 21610;
    /** Twilio's longest ValidityPeriod, in seconds. */
    static final long MAX_VALIDITY_SECONDS = 36_000;

    private final TwilioTransport transport;
    private final TwilioRestClient client;
    private final Optional<String> messagingServiceSid;
    private final String publicUrl;
    private final Clock clock;

    /** The SDK's own connect timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The SDK's own socket timeout: a POST /Messages unanswered for this long is unconfirmed. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /** A gateway with the SDK's own timeouts that records no metrics (an empty composite registry is a no-op). */
    public TwilioGateway(final TwilioCredentials credentials, final Optional<String> messagingServiceSid,
                         final Optional<URI> apiBaseUrl, final String publicUrl, final Clock clock,
                         final int maxConnections) {
        this(credentials, messagingServiceSid, apiBaseUrl, publicUrl, clock, maxConnections, new CompositeMeterRegistry());
    }

    /**
     * A gateway with the SDK's own timeouts (10 s to connect, 30 s for the answer).
     *
     * @param credentials         the account to send with
     * @param messagingServiceSid {@code TWILIO_MESSAGING_SERVICE_SID}, sent instead of From when set
     * @param apiBaseUrl          {@code TWILIO_API_BASE_URL}; empty for Twilio itself
     * @param publicUrl           {@code OPTGATE_PUBLIC_URL}, for the StatusCallback
     * @param clock               for ValidityPeriod
     * @param maxConnections      connections to keep, at least the sender's concurrency
     * @param meters              where each attempt's latency ({@code optgate_twilio_request_seconds}) goes
     */
    public TwilioGateway(final TwilioCredentials credentials, final Optional<String> messagingServiceSid,
                         final Optional<URI> apiBaseUrl, final String publicUrl, final Clock clock,
                         final int maxConnections, final MeterRegistry meters) {
        this(credentials, messagingServiceSid, apiBaseUrl, publicUrl, clock, maxConnections,
                CONNECT_TIMEOUT, RESPONSE_TIMEOUT, meters);
    }

    TwilioGateway(final TwilioCredentials credentials, final Optional<String> messagingServiceSid,
                  final Optional<URI> apiBaseUrl, final String publicUrl, final Clock clock,
                  final int maxConnections, final Duration connectTimeout, final Duration responseTimeout) {
        this(credentials, messagingServiceSid, apiBaseUrl, publicUrl, clock, maxConnections, connectTimeout,
                responseTimeout, new CompositeMeterRegistry());
    }

    TwilioGateway(final TwilioCredentials credentials, final Optional<String> messagingServiceSid,
                  final Optional<URI> apiBaseUrl, final String publicUrl, final Clock clock,
                  final int maxConnections, final Duration connectTimeout, final Duration responseTimeout,
                  final MeterRegistry meters) {
        this.transport = new TwilioTransport(apiBaseUrl, connectTimeout, responseTimeout, maxConnections, meters);
        this.client = new TwilioRestClient.Builder(credentials.accountSid(), credentials.authToken())
                .httpClient(transport)
                .build();
        this.messagingServiceSid = messagingServiceSid;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    public SendResult send(final OutboundSms sms) {
        final MessageCreator creator;
        if (messagingServiceSid.isPresent()) {
            creator = Message.creator(new PhoneNumber(sms.to()), messagingServiceSid.get(), sms.body());
        } else if (sms.smsFrom().isPresent()) {
            creator = Message.creator(new PhoneNumber(sms.to()), new PhoneNumber(sms.smsFrom().get()), sms.body());
        } else {
            return new SendResult.Rejected("OPTGATE_NO_SENDER",
                    "the practice has no sending number of its own (smsFrom unset, or owned by another practice) and "
                            + "TWILIO_MESSAGING_SERVICE_SID is not set", false);
        }
        creator.setStatusCallback(StatusCallbackUrl.build(publicUrl, sms.tenantId(), sms.clientId(),
                sms.requestId(), sms.attempt()));
        creator.setAttempt(sms.attempt());
        validityPeriod(sms.expiresAt(), clock.instant()).ifPresent(creator::setValidityPeriod);
        try {
            final Message message = creator.create(client);
            transport.takeLastResponse();
            return new SendResult.Accepted(message.getSid());
        } catch (final TwilioException e) {
            return classify(e, transport.takeLastResponse(), clock.instant());
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Seconds Twilio may keep the message queued, when the request expires within Twilio's limit. */
    static Optional<Integer> validityPeriod(final Optional<Instant> expiresAt, final Instant now) {
        return expiresAt.map(at -> Duration.between(now, at).toSeconds())
                .filter(seconds -> seconds < MAX_VALIDITY_SECONDS)
                .map(seconds -> (int) Math.max(1, seconds));
    }

    static SendResult classify(final TwilioException e, final Optional<Response> response, final Instant now) {
        final Integer status = response.map(Response::getStatusCode)
                .orElse(e instanceof ApiException api ? api.getStatusCode() : null);
        final Integer twilioCode = e instanceof ApiException api ? api.getCode() : null;
        final String message = PhoneMasking.mask(e.getMessage());
        if (status == null) {
            return neverConnected(e)
                    ? new SendResult.NotAccepted("OPTGATE_CONNECT", message, Optional.empty(), false)
                    : new SendResult.Unconfirmed("no answer from Twilio: " + message);
        }
        final String code = twilioCode != null ? String.valueOf(twilioCode) : "HTTP_" + status;
        if (status == 429) {
            return new SendResult.NotAccepted(code, message, retryAfter(response, now), true);
        }
        if (status >= 500) {
            return new SendResult.NotAccepted(code, message, retryAfter(response, now), false);
        }
        if (status >= 400) {
            return new SendResult.Rejected(code, message,
                    twilioCode != null && twilioCode == UNSUBSCRIBED_RECIPIENT);
        }
        return new SendResult.Unconfirmed("Twilio answered " + status + " and the answer could not be read: " + message);
    }

    /** True when the request cannot have reached Twilio: the connection was never established. */
    private static boolean neverConnected(final Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof ConnectTimeoutException
                    || cause instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /** Retry-After as seconds or as an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(final Optional<Response> response, final Instant now) {
        return response.map(Response::getHeaders).flatMap(headers -> Arrays.stream(headers)
                        .filter(h -> "Retry-After".equalsIgnoreCase(h.getName()))
                        .map(Header::getValue)
                        .findFirst())
                .flatMap(value -> parseRetryAfter(value, now));
    }

    static Optional<Duration> parseRetryAfter(final String value, final Instant now) {
        final String v = value.strip();
        try {
            final long seconds = Long.parseLong(v);
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (final NumberFormatException notSeconds) {
            try {
                final ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                final Duration wait = Duration.between(now, at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (final DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
