package io.optgate.dispatcher.twilio;

import io.optgate.testing.twilio.TwilioSignature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PreferenceDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioWebhooksTest {

    static final String TOKEN = "12345678901234567890123456789012";
    static final String PUBLIC_URL = "https://optgate.example.com";
    static final String PRACTICE_NUMBER = "+15005550006";
    static final String CLIENT_NUMBER = "+15551234567";
    static final Instant NOW = Instant.parse("2026-05-01T09:00:00Z");

    final RecordingSink sink = new RecordingSink();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final PracticeDirectory practices = new Practices(Map.of(PRACTICE_NUMBER, "vet-1"),
            Map.of("vet-1", "Riverside Vets: call 555 0100. Reply STOP to opt out."));
    final TwilioWebhooks webhooks = new TwilioWebhooks(Optional.of(TOKEN), PUBLIC_URL, practices, sink, metrics,
            Clock.fixed(NOW, ZoneOffset.UTC));

    // --- helpers -------------------------------------------------------------------------------

    static WebhookCall signed(final String path, final String rawQuery, final Map<String, String> form) {
        final String pathAndQuery = path + (rawQuery == null ? "" : "?" + rawQuery);
        return new WebhookCall(pathAndQuery, FormCodec.decode(rawQuery),
                Optional.of(TwilioSignature.of(TOKEN, PUBLIC_URL + pathAndQuery, form)), form);
    }

    static Map<String, String> inboundForm(final String to, final String body) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM11111111111111111111111111111111");
        form.put("SmsSid", "SM11111111111111111111111111111111");
        form.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        form.put("From", CLIENT_NUMBER);
        form.put("To", to);
        form.put("Body", body);
        form.put("NumMedia", "0");
        return form;
    }

    static Map<String, String> statusForm(final String status, final String errorCode) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM22222222222222222222222222222222");
        form.put("SmsSid", "SM22222222222222222222222222222222");
        form.put("MessageStatus", status);
        form.put("SmsStatus", status);
        form.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        form.put("From", PRACTICE_NUMBER);
        form.put("To", CLIENT_NUMBER);
        form.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return form;
    }

    static String callbackQuery() {
        return StatusCallbackUrl.build(PUBLIC_URL, "vet-1", "client-7", "req-1", 2).getRawQuery();
    }

    double count(final String webhook, final String outcome) {
        return metrics.counter("optgate.twilio.webhook", "webhook", webhook, "outcome", outcome).count();
    }

    // --- inbound -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"STOP, OPT_OUT, STOP", " unsubscribe , OPT_OUT, UNSUBSCRIBE", "start, OPT_IN, START",
            "Yes, CONFIRM, YES", "INFO, HELP, INFO"})
    void aKeywordBecomesAPhoneConsentEventForThePracticeOwningTheNumber(final String body,
                                                                        final PhoneConsentKind kind,
                                                                        final String keyword) {
        final WebhookAnswer answer = webhooks.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, body)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/xml");
        assertThat(sink.phoneEvents).containsExactly(Map.entry("vet-1:" + CLIENT_NUMBER, PhoneConsentEvent.newBuilder()
                .setEventId("twilio-inbound-SM11111111111111111111111111111111")
                .setTenantId("vet-1")
                .setPhone(CLIENT_NUMBER)
                .setOccurredAt(NOW)
                .setKind(kind)
                .setKeyword(keyword)
                .setProviderMessageId("SM11111111111111111111111111111111")
                .build()));
        assertThat(count("inbound", "recorded")).isEqualTo(1);
    }

    @Test
    void stopIsAnsweredOnceNamingThePracticeAndHowToOptBackIn() {
        final TwilioWebhooks named = withSettings(settings -> settings.setPracticeName("Riverside Vets"));

        final WebhookAnswer answer = named.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "STOP")));
        final WebhookAnswer retried = named.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "STOP")));

        assertThat(answer.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>You are "
                + "unsubscribed from Riverside Vets and will get no more texts. Reply START to get texts again.</Message></Response>");
        assertThat(retried).as("Twilio posting the same text again").isEqualTo(WebhookAnswer.emptyTwiml());
        assertThat(sink.phoneEvents).hasSize(2).allSatisfy(e -> assertThat(e.getValue().getKind()).isEqualTo(PhoneConsentKind.OPT_OUT));
    }

    @Test
    void startIsAnsweredNamingThePracticeAndHowToStop() {
        final TwilioWebhooks named = withSettings(settings -> settings.setPracticeName("Riverside Vets"));

        assertThat(named.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "START"))).body())
                .contains("<Message>You will get texts from Riverside Vets again. Reply STOP to stop, HELP for help.</Message>");
    }

    @Test
    void aPracticesOwnStopAndStartRepliesReplaceTheDefaults() {
        final TwilioWebhooks own = withSettings(settings -> settings.setPracticeName("Riverside Vets")
                .setStopReplyText("Riverside: no more texts. Text START to come back.")
                .setStartReplyText("Riverside: welcome back. Text STOP to leave."));

        assertThat(own.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "stop"))).body())
                .contains("<Message>Riverside: no more texts. Text START to come back.</Message>");
        assertThat(own.inbound(signed("/twilio/inbound", null, withSid(inboundForm(PRACTICE_NUMBER, "start"), "SM2"))).body())
                .contains("<Message>Riverside: welcome back. Text STOP to leave.</Message>");
    }

    @Test
    void withoutAPracticeNameTheStopReplySaysThisNumber() {
        assertThat(webhooks.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "STOP"))).body())
                .contains("<Message>You are unsubscribed from this number and will get no more texts.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"Please stop texting me|stop texting", "no more messages|no more texts",
            "don't text me|do not text", "please remove me|remove me", "No me manden más mensajes|no me envien"})
    void aPlainLanguageRevocationOptsOutLikeStopWithTheCueThatDecided(final String body, final String cue) {
        final WebhookAnswer answer = webhooks.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, body)));

        assertThat(sink.phoneEvents).singleElement().satisfies(e -> {
            assertThat(e.getValue().getKind()).isEqualTo(PhoneConsentKind.OPT_OUT);
            assertThat(e.getValue().getKeyword()).isNull();
            assertThat(e.getValue().getRevocationCue()).isEqualTo(cue);
        });
        assertThat(answer.body()).contains("You are unsubscribed");
        assertThat(count("inbound", "recorded")).isEqualTo(1);
    }

    @Test
    void anUnclearTextGetsTheOneClarificationTextAndNothingElse() {
        final TwilioWebhooks named = withSettings(settings -> settings.setPracticeName("Riverside Vets"));

        final WebhookAnswer answer = named.inbound(signed("/twilio/inbound", null,
                inboundForm(PRACTICE_NUMBER, "who is this, stop")));
        final WebhookAnswer again = named.inbound(signed("/twilio/inbound", null,
                inboundForm(PRACTICE_NUMBER, "who is this, stop")));

        assertThat(answer.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Response><Message>Reply STOP to stop all texts from Riverside Vets.</Message></Response>");
        assertThat(again).isEqualTo(WebhookAnswer.emptyTwiml());
        assertThat(sink.phoneEvents).isEmpty();
        assertThat(count("inbound", "clarified")).isEqualTo(2);
    }

    @Test
    void aNormalReplyThatMentionsStoppingDoesNeither() {
        final WebhookAnswer answer = webhooks.inbound(signed("/twilio/inbound", null,
                inboundForm(PRACTICE_NUMBER, "I'll stop by at 3")));

        assertThat(answer).isEqualTo(WebhookAnswer.emptyTwiml());
        assertThat(sink.phoneEvents).isEmpty();
        assertThat(count("inbound", "not_keyword")).isEqualTo(1);
    }

    private TwilioWebhooks withSettings(final java.util.function.UnaryOperator<CommunicationSettings.Builder> settings) {
        final PracticeDirectory directory = new PracticeDirectory() {
            @Override
            public Optional<CommunicationSettings> settings(final String tenantId) {
                return Optional.of(settings.apply(CommunicationSettings.newBuilder().setEnabled(true)
                        .setSmsFrom(PRACTICE_NUMBER)).build());
            }

            @Override
            public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> tenantOwningNumber(final String e164) {
                return PRACTICE_NUMBER.equals(e164) ? Optional.of("vet-1") : Optional.empty();
            }
        };
        return new TwilioWebhooks(Optional.of(TOKEN), PUBLIC_URL, directory, sink, metrics, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Map<String, String> withSid(final Map<String, String> form, final String sid) {
        form.put("MessageSid", sid);
        form.put("SmsSid", sid);
        return form;
    }

    @Test
    void helpIsAnsweredWithThePracticesHelpTextAsTwiml() {
        final WebhookAnswer answer = webhooks.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "help")));

        assertThat(answer.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Response><Message>Riverside Vets: call 555 0100. Reply STOP to opt out.</Message></Response>");
        assertThat(sink.phoneEvents).hasSize(1);
    }

    @Test
    void helpTextIsEscapedForXml() {
        final TwilioWebhooks escaping = new TwilioWebhooks(Optional.of(TOKEN), PUBLIC_URL,
                new Practices(Map.of(PRACTICE_NUMBER, "vet-1"), Map.of("vet-1", "Cats & Dogs <24/7>")),
                sink, metrics, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(escaping.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "HELP"))).body())
                .contains("<Message>Cats &amp; Dogs &lt;24/7&gt;</Message>");
    }

    @Test
    void helpWithoutAHelpTextIsRecordedAndAnsweredWithEmptyTwiml() {
        final TwilioWebhooks noHelp = new TwilioWebhooks(Optional.of(TOKEN), PUBLIC_URL,
                new Practices(Map.of(PRACTICE_NUMBER, "vet-1"), Map.of()), sink, metrics, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(noHelp.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "HELP"))))
                .isEqualTo(WebhookAnswer.emptyTwiml());
        assertThat(sink.phoneEvents).hasSize(1);
    }

    @Test
    void whilePracticeSettingsAreStillLoadingTwilioIsToldToTryAgain() {
        final TwilioWebhooks notReady = new TwilioWebhooks(Optional.of(TOKEN), PUBLIC_URL, new PracticeDirectory() {
            @Override
            public Optional<CommunicationSettings> settings(final String tenantId) {
                throw new IllegalStateException("store restoring");
            }

            @Override
            public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
                throw new IllegalStateException("store restoring");
            }

            @Override
            public Optional<String> tenantOwningNumber(final String e164) {
                throw new IllegalStateException("store restoring");
            }
        }, sink, metrics, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(notReady.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "STOP"))).status())
                .isEqualTo(503);
        assertThat(sink.phoneEvents).isEmpty();
        assertThat(count("inbound", "unavailable")).isEqualTo(1);
    }

    @Test
    void aNumberNoPracticeOwnsIsAnsweredEmptyCountedAndWritesNothing() {
        final WebhookAnswer answer = webhooks.inbound(signed("/twilio/inbound", null, inboundForm("+15009999999", "STOP")));

        assertThat(answer).isEqualTo(WebhookAnswer.emptyTwiml());
        assertThat(sink.phoneEvents).isEmpty();
        assertThat(count("inbound", "unknown_number")).isEqualTo(1);
    }

    @Test
    void aTextThatIsNotAKeywordWritesNothing() {
        final WebhookAnswer answer = webhooks.inbound(signed("/twilio/inbound", null,
                inboundForm(PRACTICE_NUMBER, "Please stop by on Tuesday")));

        assertThat(answer).isEqualTo(WebhookAnswer.emptyTwiml());
        assertThat(sink.phoneEvents).isEmpty();
        assertThat(count("inbound", "not_keyword")).isEqualTo(1);
    }

    @Test
    void aSenderThatIsNotAnE164NumberWritesNothing() {
        final Map<String, String> form = inboundForm(PRACTICE_NUMBER, "STOP");
        form.put("From", "VETCLINIC");

        assertThat(webhooks.inbound(signed("/twilio/inbound", null, form))).isEqualTo(WebhookAnswer.emptyTwiml());
        assertThat(sink.phoneEvents).isEmpty();
        assertThat(count("inbound", "invalid")).isEqualTo(1);
    }

    @Test
    void aMissingSignatureIsForbiddenAndWritesNothing() {
        final WebhookCall unsigned = new WebhookCall("/twilio/inbound", Map.of(), Optional.empty(),
                inboundForm(PRACTICE_NUMBER, "STOP"));

        assertThat(webhooks.inbound(unsigned).status()).isEqualTo(403);
        assertThat(sink.phoneEvents).isEmpty();
        assertThat(count("inbound", "bad_signature")).isEqualTo(1);
    }

    @Test
    void aSignatureMadeWithAnotherTokenIsForbidden() {
        final Map<String, String> form = inboundForm(PRACTICE_NUMBER, "STOP");
        final WebhookCall forged = new WebhookCall("/twilio/inbound", Map.of(),
                Optional.of(TwilioSignature.of("another-token", PUBLIC_URL + "/twilio/inbound", form)), form);

        assertThat(webhooks.inbound(forged).status()).isEqualTo(403);
        assertThat(sink.phoneEvents).isEmpty();
    }

    @Test
    void aSignedBodyThatWasTamperedWithIsForbidden() {
        final WebhookCall original = signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "YES"));
        final Map<String, String> tampered = new LinkedHashMap<>(original.form());
        tampered.put("Body", "STOP");

        assertThat(webhooks.inbound(new WebhookCall(original.pathAndQuery(), Map.of(), original.signature(), tampered)).status())
                .isEqualTo(403);
        assertThat(sink.phoneEvents).isEmpty();
    }

    @Test
    void aSignatureForAnotherUrlIsForbidden() {
        final Map<String, String> form = inboundForm(PRACTICE_NUMBER, "STOP");
        final WebhookCall elsewhere = new WebhookCall("/twilio/inbound", Map.of(),
                Optional.of(TwilioSignature.of(TOKEN, "https://attacker.example.com/twilio/inbound", form)), form);

        assertThat(webhooks.inbound(elsewhere).status()).isEqualTo(403);
    }

    @Test
    void withoutAnAuthTokenBothWebhooksRefuseEverything() {
        final TwilioWebhooks unconfigured = new TwilioWebhooks(Optional.empty(), PUBLIC_URL, practices, sink, metrics,
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(unconfigured.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "STOP"))).status())
                .isEqualTo(403);
        assertThat(unconfigured.status(signed("/twilio/status", callbackQuery(), statusForm("delivered", null))).status())
                .isEqualTo(403);
        assertThat(sink.phoneEvents).isEmpty();
        assertThat(sink.deliveryUpdates).isEmpty();
    }

    @Test
    void whenKafkaCannotTakeTheEventTwilioIsToldToTryAgain() {
        sink.failing = true;

        assertThat(webhooks.inbound(signed("/twilio/inbound", null, inboundForm(PRACTICE_NUMBER, "STOP"))).status())
                .isEqualTo(503);
        assertThat(webhooks.status(signed("/twilio/status", callbackQuery(), statusForm("sent", null))).status())
                .isEqualTo(503);
    }

    // --- status --------------------------------------------------------------------------------

    @Test
    void aDeliveredCallbackBecomesADeliveryEventForTheRequestInTheCallbackUrl() {
        final WebhookAnswer answer = webhooks.status(signed("/twilio/status", callbackQuery(), statusForm("delivered", null)));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(sink.deliveryUpdates).containsExactly(Map.entry("vet-1:client-7", DeliveryEvent.newBuilder()
                .setRequestId("req-1")
                .setTenantId("vet-1")
                .setClientId("client-7")
                .setProvider("twilio")
                .setProviderMessageId("SM22222222222222222222222222222222")
                .setStatus(DeliveryStatus.DELIVERED)
                .setErrorCode(null)
                .setErrorMessage(null)
                .setAttempt(2)
                .setAt(NOW)
                .build()));
    }

    @ParameterizedTest(name = "{0} / {1} → {2}")
    @CsvSource({"sent, , SENT, ", "undelivered, 30003, UNDELIVERED, 30003", "failed, 30007, FAILED, 30007",
            "delivered, 0, DELIVERED, "})
    void statusAndErrorCodeAreCarriedOver(final String twilioStatus, final String errorCode,
                                          final DeliveryStatus expected, final String expectedCode) {
        webhooks.status(signed("/twilio/status", callbackQuery(), statusForm(twilioStatus, errorCode)));

        final DeliveryEvent event = sink.deliveryUpdates.get(0).getValue();
        assertThat(event.getStatus()).isEqualTo(expected);
        assertThat(event.getErrorCode()).isEqualTo(expectedCode);
    }

    @Test
    void aStatusCallbackWithTamperedIdsIsForbidden() {
        final WebhookCall original = signed("/twilio/status", callbackQuery(), statusForm("delivered", null));
        final String query = callbackQuery().replace("req-1", "req-2");
        final WebhookCall tampered = new WebhookCall("/twilio/status?" + query, FormCodec.decode(query),
                original.signature(), original.form());

        assertThat(webhooks.status(tampered).status()).isEqualTo(403);
        assertThat(sink.deliveryUpdates).isEmpty();
    }

    @Test
    void aCallbackWithoutOurIdsOrWithAnInboundStatusIsTakenButWritesNothing() {
        assertThat(webhooks.status(signed("/twilio/status", null, statusForm("delivered", null))).status()).isEqualTo(204);
        assertThat(webhooks.status(signed("/twilio/status", callbackQuery(), statusForm("received", null))).status())
                .isEqualTo(204);
        assertThat(sink.deliveryUpdates).isEmpty();
        assertThat(count("status", "not_ours")).isEqualTo(1);
        assertThat(count("status", "ignored_status")).isEqualTo(1);
    }

    @Test
    void thePublicUrlMayEndWithASlash() {
        final TwilioWebhooks slashed = new TwilioWebhooks(Optional.of(TOKEN), PUBLIC_URL + "/", practices, sink, metrics,
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(slashed.status(signed("/twilio/status", callbackQuery(), statusForm("sent", null))).status())
                .isEqualTo(204);
    }

    // --- test doubles --------------------------------------------------------------------------

    static final class RecordingSink implements WebhookSink {
        final List<Map.Entry<String, DeliveryEvent>> deliveryUpdates = new ArrayList<>();
        final List<Map.Entry<String, PhoneConsentEvent>> phoneEvents = new ArrayList<>();
        boolean failing;

        @Override
        public void deliveryUpdate(final String clientKey, final DeliveryEvent event) {
            if (failing) {
                throw new IllegalStateException("broker down");
            }
            deliveryUpdates.add(Map.entry(clientKey, event));
        }

        @Override
        public void phoneConsent(final String phoneKey, final PhoneConsentEvent event) {
            if (failing) {
                throw new IllegalStateException("broker down");
            }
            phoneEvents.add(Map.entry(phoneKey, event));
        }
    }

    /** A directory of practices: which number each owns and its help text. */
    record Practices(Map<String, String> numbers, Map<String, String> helpTexts) implements PracticeDirectory {
        @Override
        public Optional<CommunicationSettings> settings(final String tenantId) {
            return numbers.entrySet().stream().filter(e -> e.getValue().equals(tenantId)).findFirst()
                    .map(e -> CommunicationSettings.newBuilder()
                            .setEnabled(true)
                            .setSmsFrom(e.getKey())
                            .setHelpText(helpTexts.get(tenantId))
                            .build());
        }

        @Override
        public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> tenantOwningNumber(final String e164) {
            return Optional.ofNullable(numbers.get(e164));
        }
    }
}
