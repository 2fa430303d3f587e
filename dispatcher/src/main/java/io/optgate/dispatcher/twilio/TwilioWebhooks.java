package io.optgate.dispatcher.twilio;

import io.optgate.platform.contract.Identifiers;
import com.twilio.security.RequestValidator;
import io.optgate.dispatcher.keywords.Keyword;
import io.optgate.dispatcher.keywords.Keywords;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.platform.logging.PhoneMasking;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The two Twilio webhooks, independent of the HTTP server:
 * <ul>
 *   <li>{@code POST /twilio/status}: a status callback becomes a DeliveryEvent (SENT, DELIVERED,
 *       UNDELIVERED, FAILED with Twilio's ErrorCode) for the request named in the callback URL. It is
 *       written to the delivery-status gate's input, not straight to {@code dispatch.deliveries}: the
 *       gate lets only advancing statuses through ({@link DeliveryProgress});</li>
 *   <li>{@code POST /twilio/inbound}: a keyword text (after {@link Keywords}' normalisation)
 *       becomes a PhoneConsentEvent for the practice that owns the {@code To} number (the one owner
 *       consent-streams decided), or, through a Messaging Service, for the practices of
 *       {@link InboundPractices}; answered with TwiML (the practice's help text for HELP and INFO,
 *       an empty {@code <Response/>} otherwise). A text that reaches no practice is answered with
 *       empty TwiML, counted, and nothing is written.</li>
 * </ul>
 * Both check X-Twilio-Signature with twilio-java's {@link RequestValidator} against
 * {@code OPTGATE_PUBLIC_URL} + path + query; a missing or wrong signature, or no auth token
 * configured, is 403 and nothing is written. Counted in {@code optgate.twilio.webhook} (tags
 * {@code webhook}, {@code outcome}). Numbers and bodies are never logged.
 */
public final class TwilioWebhooks {

    /** The inbound webhook's path. */
    public static final String INBOUND_PATH = "/twilio/inbound";
    /** The status webhook's path. */
    public static final String STATUS_PATH = StatusCallbackUrl.PATH;

    private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhooks.class);
    private static final String METRIC = "optgate.twilio.webhook";
    private static final int ANSWERED_REMEMBERED = 10_000;

    private final Optional<RequestValidator> validator;
    private final String publicUrl;
    private final PracticeDirectory practices;
    private final WebhookSink sink;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Optional<String> messagingServiceSid;
    private final InboundReplies replies;
    private final AnsweredTexts answered = new AnsweredTexts(ANSWERED_REMEMBERED);

    /**
     * @param authToken {@code TWILIO_AUTH_TOKEN}; empty means every webhook is refused
     * @param publicUrl {@code OPTGATE_PUBLIC_URL}, the base of the URLs Twilio signs
     * @param practices which practice owns a number, and its help text
     * @param sink      where the events go
     * @param metrics   where the counts go
     * @param clock     the time recorded on events
     */
    public TwilioWebhooks(final Optional<String> authToken, final String publicUrl, final PracticeDirectory practices,
                          final WebhookSink sink, final MeterRegistry metrics, final Clock clock) {
        this(authToken, publicUrl, practices, sink, metrics, clock, Optional.empty());
    }

    /**
     * As above, texts going out through the Messaging Service {@code messagingServiceSid}
     * ({@code TWILIO_MESSAGING_SERVICE_SID}): a STOP to a number no practice owns (a pool number)
     * then applies to every practice with the sender's number on record.
     */
    public TwilioWebhooks(final Optional<String> authToken, final String publicUrl, final PracticeDirectory practices,
                          final WebhookSink sink, final MeterRegistry metrics, final Clock clock,
                          final Optional<String> messagingServiceSid) {
        this.messagingServiceSid = Objects.requireNonNull(messagingServiceSid, "messagingServiceSid");
        this.validator = authToken.filter(t -> !t.isBlank()).map(RequestValidator::new);
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
        this.practices = Objects.requireNonNull(practices, "practices");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replies = new InboundReplies(practices);
    }

    /** Handles {@code POST /twilio/status}. */
    public WebhookAnswer status(final WebhookCall call) {
        if (!signed(call)) {
            return count("status", "bad_signature", WebhookAnswer.forbidden());
        }
        final Optional<StatusCallbackUrl.Ids> ids = StatusCallbackUrl.parse(call.query());
        if (ids.isEmpty()) {
            LOG.warn("status callback without optgate ids ignored: messageSid={}", call.field("MessageSid").orElse("?"));
            return count("status", "not_ours", WebhookAnswer.noContent());
        }
        final Optional<DeliveryStatus> status = DeliveryProgress.fromTwilio(
                call.field("MessageStatus").or(() -> call.field("SmsStatus")).orElse(null));
        if (status.isEmpty()) {
            return count("status", "ignored_status", WebhookAnswer.noContent());
        }
        final StatusCallbackUrl.Ids id = ids.get();
        final Optional<String> errorCode = call.field("ErrorCode").filter(code -> !"0".equals(code));
        final DeliveryEvent event = DeliveryEvent.newBuilder()
                .setRequestId(id.requestId())
                .setTenantId(id.tenantId())
                .setClientId(id.clientId())
                .setProvider("twilio")
                .setProviderMessageId(call.field("MessageSid").or(() -> call.field("SmsSid")).orElse(null))
                .setStatus(status.get())
                .setErrorCode(errorCode.orElse(null))
                .setErrorMessage(call.field("ErrorMessage").map(PhoneMasking::mask).orElse(null))
                .setAttempt(id.attempt().orElse(1))
                .setAt(clock.instant())
                .build();
        try {
            sink.deliveryUpdate(Identifiers.clientKey(id.tenantId(), id.clientId()), event);
        } catch (final RuntimeException e) {
            LOG.error("status callback not recorded: requestId={} status={}", id.requestId(), status.get(), e);
            return count("status", "unavailable", WebhookAnswer.unavailable());
        }
        return count("status", "recorded", WebhookAnswer.noContent());
    }

    /** Handles {@code POST /twilio/inbound}. */
    public WebhookAnswer inbound(final WebhookCall call) {
        if (!signed(call)) {
            return count("inbound", "bad_signature", WebhookAnswer.forbidden());
        }
        final Optional<String> from = call.field("From").filter(Identifiers::isE164);
        final Optional<String> messageSid = call.field("MessageSid").or(() -> call.field("SmsSid"));
        final InboundMeaning meaning = InboundMeaning.of(call.form().get("Body"));
        final InboundPractices.Targets targets;
        try {
            targets = InboundPractices.resolve(practices, messagingServiceSid.isPresent(), call.field("To"), from,
                    meaning.routedAs());
        } catch (final RuntimeException e) {
            LOG.warn("inbound text not handled, practice settings not available: {}", e.toString());
            return count("inbound", "unavailable", WebhookAnswer.unavailable());
        }
        if (targets.tenantIds().isEmpty()) {
            return count("inbound", targets.why(), WebhookAnswer.emptyTwiml());
        }
        if (from.isEmpty() || messageSid.isEmpty()) {
            return count("inbound", "invalid", WebhookAnswer.emptyTwiml());
        }
        if (meaning.unclear()) {
            return count("inbound", "clarified", once(messageSid.get(), Optional.of(replies.clarification(targets.tenantIds()))));
        }
        if (meaning.keyword().isEmpty()) {
            return count("inbound", "not_keyword", WebhookAnswer.emptyTwiml());
        }
        final Keyword keyword = meaning.keyword().get();
        for (final String tenantId : targets.tenantIds()) {
            final PhoneConsentEvent event = PhoneConsentEvent.newBuilder()
                    .setEventId("twilio-inbound-" + messageSid.get())
                    .setTenantId(tenantId)
                    .setPhone(from.get())
                    .setOccurredAt(clock.instant())
                    .setKind(kind(keyword))
                    .setKeyword(meaning.word().orElse(null))
                    .setRevocationCue(meaning.revocationCue().orElse(null))
                    .setProviderMessageId(messageSid.get())
                    .build();
            try {
                sink.phoneConsent(Identifiers.phoneKey(tenantId, from.get()), event);
            } catch (final RuntimeException e) {
                LOG.error("inbound keyword not recorded: tenantId={} messageSid={} kind={}",
                        tenantId, messageSid.get(), event.getKind(), e);
                return count("inbound", "unavailable", WebhookAnswer.unavailable());
            }
            LOG.info("inbound keyword recorded: tenantId={} messageSid={} kind={} via={} plainLanguage={}",
                    tenantId, messageSid.get(), event.getKind(), targets.why(), meaning.revocationCue().isPresent());
        }
        return count("inbound", "recorded", once(messageSid.get(), replies.to(keyword, targets.tenantIds())));
    }

    /** The reply as TwiML the first time this text is answered; empty TwiML for a repeat or no reply. */
    private WebhookAnswer once(final String messageSid, final Optional<String> reply) {
        if (reply.isEmpty() || !answered.first(messageSid)) {
            return WebhookAnswer.emptyTwiml();
        }
        return WebhookAnswer.reply(reply.get());
    }

    static PhoneConsentKind kind(final Keyword keyword) {
        return switch (keyword) {
            case OPT_OUT -> PhoneConsentKind.OPT_OUT;
            case OPT_IN -> PhoneConsentKind.OPT_IN;
            case CONFIRM -> PhoneConsentKind.CONFIRM;
            case HELP -> PhoneConsentKind.HELP;
        };
    }

    private boolean signed(final WebhookCall call) {
        if (validator.isEmpty() || call.signature().isEmpty()) {
            return false;
        }
        return validator.get().validate(call.signedUrl(publicUrl), call.form(), call.signature().get());
    }

    private WebhookAnswer count(final String webhook, final String outcome, final WebhookAnswer answer) {
        metrics.counter(METRIC, "webhook", webhook, "outcome", outcome).increment();
        return answer;
    }
}
