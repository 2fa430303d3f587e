package io.optgate.dispatcher.decision;

import io.optgate.platform.contract.Identifiers;
import io.optgate.dispatcher.decision.Decision.Drop;
import io.optgate.dispatcher.decision.Decision.Send;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.DecidingConsent;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.optgate.dispatcher.decision.Fixtures.NOW;
import static io.optgate.dispatcher.decision.Fixtures.OTHER_PHONE;
import static io.optgate.dispatcher.decision.Fixtures.PHONE;
import static io.optgate.dispatcher.decision.Fixtures.REQUESTED_AT;
import static io.optgate.dispatcher.decision.Fixtures.consent;
import static io.optgate.dispatcher.decision.Fixtures.grant;
import static io.optgate.dispatcher.decision.Fixtures.input;
import static io.optgate.dispatcher.decision.Fixtures.preference;
import static io.optgate.dispatcher.decision.Fixtures.request;
import static io.optgate.dispatcher.decision.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

class DispatchRulesTest {

    private static ClientConsent recorded(final SmsLevel level) {
        return ClientConsent.recorded(consent(level).build());
    }

    private static DropReason dropReason(final Decision decision) {
        assertThat(decision).isInstanceOf(Drop.class);
        return ((Drop) decision).reason();
    }

    @Nested
    class LevelAgainstCategory {

        @ParameterizedTest(name = "{0} client, {1} message -> {2}")
        @CsvSource({
                "BASIC_TRANSACTIONAL, BASIC_TRANSACTIONAL, SEND",
                "BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL, LEVEL_TOO_LOW",
                "BASIC_TRANSACTIONAL, MARKETING, LEVEL_TOO_LOW",
                "BASIC_TRANSACTIONAL, CONSENT_CONFIRMATION, SEND",
                "FULL_TRANSACTIONAL, BASIC_TRANSACTIONAL, SEND",
                "FULL_TRANSACTIONAL, FULL_TRANSACTIONAL, SEND",
                "FULL_TRANSACTIONAL, MARKETING, LEVEL_TOO_LOW",
                "FULL_TRANSACTIONAL, CONSENT_CONFIRMATION, SEND",
                "MARKETING, BASIC_TRANSACTIONAL, SEND",
                "MARKETING, FULL_TRANSACTIONAL, SEND",
                "MARKETING, MARKETING, SEND",
                "MARKETING, CONSENT_CONFIRMATION, SEND",
                "OPTED_OUT, BASIC_TRANSACTIONAL, OPTED_OUT",
                "OPTED_OUT, FULL_TRANSACTIONAL, OPTED_OUT",
                "OPTED_OUT, MARKETING, OPTED_OUT",
                "OPTED_OUT, CONSENT_CONFIRMATION, OPTED_OUT",
        })
        void eachCategoryNeedsItsLevel(final SmsLevel level, final Category category, final String expected) {
            final Decision decision = DispatchRules.decide(input(request(category).build(), recorded(level)));

            if (expected.equals("SEND")) {
                assertThat(decision).isInstanceOf(Send.class);
            } else {
                assertThat(dropReason(decision)).isEqualTo(DropReason.valueOf(expected));
            }
            assertThat(decision.basis().level()).contains(level);
            assertThat(decision.basis().version()).contains(7L);
        }

        @Test
        void aPendingMarketingRequestIsNotMarketingYet() {
            final ClientConsent pending = ClientConsent.recorded(
                    consent(SmsLevel.FULL_TRANSACTIONAL).setPendingLevel(SmsLevel.MARKETING).setPendingSince(REQUESTED_AT).build());

            assertThat(dropReason(DispatchRules.decide(input(request(Category.MARKETING).build(), pending))))
                    .isEqualTo(DropReason.LEVEL_TOO_LOW);
        }

        @Test
        void theLevelGatesSmsOnly() {
            final MessageRequest email = request(Category.MARKETING).setChannel(Channel.EMAIL).setTo("owner@example.org")
                    .setPreferenceId("news").build();
            final ClientConsent optedOut = ClientConsent.recorded(
                    consent(SmsLevel.OPTED_OUT).setPreferences(grant("news", Channel.EMAIL, true, null)).build());

            assertThat(DispatchRules.decide(input(email, optedOut, PhoneStatus.CLEAR, settings(true), preference("news", true, Channel.EMAIL))))
                    .isInstanceOf(Send.class);
        }
    }

    @Nested
    class ClientNeverSeen {

        @Test
        void isBasicTransactionalByDefault() {
            final Decision basic = DispatchRules.decide(input(request(Category.BASIC_TRANSACTIONAL).build(), ClientConsent.neverSeen()));
            final Decision full = DispatchRules.decide(input(request(Category.FULL_TRANSACTIONAL).build(), ClientConsent.neverSeen()));

            assertThat(basic).isInstanceOf(Send.class);
            assertThat(basic.basis().level()).contains(SmsLevel.BASIC_TRANSACTIONAL);
            assertThat(basic.basis().version()).isEmpty();
            assertThat(dropReason(full)).isEqualTo(DropReason.LEVEL_TOO_LOW);
        }

        @Test
        void isNeverTextedOnANumberThatRepliedStop() {
            final Decision decision = DispatchRules.decide(
                    input(request(Category.BASIC_TRANSACTIONAL).build(), ClientConsent.neverSeen(), PhoneStatus.SUPPRESSED, null, null));

            assertThat(dropReason(decision)).isEqualTo(DropReason.PHONE_SUPPRESSED);
        }

        @Test
        void hasNoGrantForANamedPreference() {
            final Decision decision = DispatchRules.decide(input(
                    request(Category.BASIC_TRANSACTIONAL).setPreferenceId("news").build(), ClientConsent.neverSeen(),
                    PhoneStatus.CLEAR, settings(true), preference("news", true, Channel.SMS)));

            assertThat(dropReason(decision)).isEqualTo(DropReason.PREFERENCE_NOT_GRANTED);
        }
    }

    @Nested
    class UnreadableConsent {

        @Test
        void anUnreadableClientRecordIsNeverSent() {
            final Decision decision = DispatchRules.decide(input(request(Category.CONSENT_CONFIRMATION).build(), ClientConsent.unreadable()));

            assertThat(dropReason(decision)).isEqualTo(DropReason.CONSENT_UNREADABLE);
            assertThat(decision.basis()).isEqualTo(Decision.ConsentBasis.NONE);
        }

        @Test
        void anUnreadablePhoneRecordIsNeverSent() {
            final Decision decision = DispatchRules.decide(input(
                    request(Category.BASIC_TRANSACTIONAL).build(), recorded(SmsLevel.MARKETING), PhoneStatus.UNREADABLE, null, null));

            assertThat(dropReason(decision)).isEqualTo(DropReason.CONSENT_UNREADABLE);
        }

        @Test
        void anUnreadablePhoneRecordDoesNotMatterForEmail() {
            final MessageRequest email = request(Category.BASIC_TRANSACTIONAL).setChannel(Channel.EMAIL).setTo("owner@example.org")
                    .setPreferenceId("news").build();
            final ClientConsent granted = ClientConsent.recorded(
                    consent(SmsLevel.BASIC_TRANSACTIONAL).setPreferences(grant("news", Channel.EMAIL, true, null)).build());

            assertThat(DispatchRules.decide(input(email, granted, PhoneStatus.UNREADABLE, settings(true), preference("news", true, Channel.EMAIL))))
                    .isInstanceOf(Send.class);
        }
    }

    @Nested
    class Phone {

        @Test
        void aNumberThatRepliedStopIsSuppressedForEveryClient() {
            final Decision decision = DispatchRules.decide(input(
                    request(Category.BASIC_TRANSACTIONAL).build(), recorded(SmsLevel.MARKETING), PhoneStatus.SUPPRESSED, null, null));

            assertThat(dropReason(decision)).isEqualTo(DropReason.PHONE_SUPPRESSED);
        }

        @Test
        void aSuppressedPhoneOnRecordIsSuppressed() {
            final ClientConsent suppressed = ClientConsent.recorded(consent(SmsLevel.MARKETING).setPhoneSuppressed(true).build());

            final Decision decision = DispatchRules.decide(input(request(Category.CONSENT_CONFIRMATION).build(), suppressed));

            assertThat(dropReason(decision)).isEqualTo(DropReason.PHONE_SUPPRESSED);
        }

        @Test
        void aTextToAnotherNumberThanTheOneOnRecordIsDropped() {
            final Decision decision = DispatchRules.decide(
                    input(request(Category.BASIC_TRANSACTIONAL).setTo(OTHER_PHONE).build(), recorded(SmsLevel.MARKETING)));

            assertThat(dropReason(decision)).isEqualTo(DropReason.PHONE_NOT_ON_RECORD);
        }

        @Test
        void anyValidNumberIsAcceptedWhenNoneIsOnRecord() {
            final ClientConsent noPhone = ClientConsent.recorded(consent(SmsLevel.BASIC_TRANSACTIONAL).setPhone(null).build());

            assertThat(DispatchRules.decide(input(request(Category.BASIC_TRANSACTIONAL).setTo(OTHER_PHONE).build(), noPhone)))
                    .isInstanceOf(Send.class);
        }

        @Test
        void phoneRulesApplyToCallsButNotToEmail() {
            final MessageRequest call = request(Category.BASIC_TRANSACTIONAL).setChannel(Channel.PHONE).setTo(OTHER_PHONE)
                    .setPreferenceId("news").build();
            final MessageRequest email = request(Category.BASIC_TRANSACTIONAL).setChannel(Channel.EMAIL).setTo("owner@example.org")
                    .setPreferenceId("news").build();
            final ClientConsent suppressed = ClientConsent.recorded(consent(SmsLevel.BASIC_TRANSACTIONAL).setPhoneSuppressed(true)
                    .setPreferences(grant("news", Channel.EMAIL, true, null)).build());

            assertThat(dropReason(DispatchRules.decide(input(call, recorded(SmsLevel.BASIC_TRANSACTIONAL)))))
                    .isEqualTo(DropReason.PHONE_NOT_ON_RECORD);
            assertThat(DispatchRules.decide(input(email, suppressed, PhoneStatus.SUPPRESSED, settings(true),
                    preference("news", true, Channel.EMAIL)))).isInstanceOf(Send.class);
        }
    }

    /** The SMS opt-in governs SMS; every other channel the practice's communication preferences (issue 16, point 6). */
    @Nested
    class ConsentPerChannel {

        private static final String INVOICES = "invoices";

        private MessageRequest on(final Channel channel, final Category category, final String preferenceId) {
            final String to = switch (channel) {
                case SMS, PHONE, UNKNOWN -> PHONE;
                case EMAIL -> "owner@example.org";
                case LETTER -> "1 Main St, Springfield";
            };
            return request(category).setChannel(channel).setTo(to).setPreferenceId(preferenceId).build();
        }

        private ClientConsent withGrant(final SmsLevel level, final boolean suppressed, final Channel channel, final boolean granted) {
            return ClientConsent.recorded(consent(level).setPhoneSuppressed(suppressed)
                    .setPreferences(grant(INVOICES, channel, granted, null)).build());
        }

        private Decision decide(final MessageRequest request, final ClientConsent consent, final PhoneStatus phone) {
            return DispatchRules.decide(input(request, consent, phone, settings(true),
                    preference(INVOICES, true, Channel.SMS, Channel.EMAIL, Channel.LETTER, Channel.PHONE)));
        }

        @Test
        void anSmsStopDoesNotBlockAnEmailedInvoice() {
            final Decision decision = decide(on(Channel.EMAIL, Category.BASIC_TRANSACTIONAL, INVOICES),
                    withGrant(SmsLevel.OPTED_OUT, true, Channel.EMAIL, true), PhoneStatus.SUPPRESSED);

            assertThat(decision).isInstanceOf(Send.class);
            assertThat(decision.basis().decidedBy()).contains(DecidingConsent.COMMUNICATION_PREFERENCE);
            assertThat(decision.basis().level()).contains(SmsLevel.OPTED_OUT);
        }

        @Test
        void aMarketingEmailNeedsNoSmsYes() {
            final Decision decision = decide(on(Channel.EMAIL, Category.MARKETING, INVOICES),
                    withGrant(SmsLevel.BASIC_TRANSACTIONAL, false, Channel.EMAIL, true), PhoneStatus.CLEAR);

            assertThat(decision).isInstanceOf(Send.class);
        }

        @Test
        void aMarketingEmailNeedsTheEmailGrantEvenFromAMarketingClient() {
            final Decision decision = decide(on(Channel.EMAIL, Category.MARKETING, INVOICES),
                    withGrant(SmsLevel.MARKETING, false, Channel.SMS, true), PhoneStatus.CLEAR);

            assertThat(dropReason(decision)).isEqualTo(DropReason.PREFERENCE_NOT_GRANTED);
            assertThat(decision.basis().decidedBy()).contains(DecidingConsent.COMMUNICATION_PREFERENCE);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"EMAIL", "LETTER", "PHONE"})
        void aRequestOnAnotherChannelThanSmsThatNamesNoPreferenceIsNotSent(final Channel channel) {
            for (final Category category : new Category[] {Category.BASIC_TRANSACTIONAL, Category.FULL_TRANSACTIONAL,
                    Category.MARKETING, Category.CONSENT_CONFIRMATION}) {
                final Decision decision = decide(on(channel, category, null), withGrant(SmsLevel.MARKETING, false, channel, true),
                        PhoneStatus.CLEAR);

                assertThat(dropReason(decision)).as(category.name()).isEqualTo(DropReason.PREFERENCE_NOT_GRANTED);
                assertThat(((Drop) decision).detail()).hasValueSatisfying(d -> assertThat(d)
                        .contains(channel.name()).contains("names none").doesNotContain("owner").doesNotContain(PHONE));
                assertThat(decision.basis().decidedBy()).contains(DecidingConsent.COMMUNICATION_PREFERENCE);
            }
        }

        @Test
        void smsStaysGovernedByTheOptInEvenUnderAGrantedPreference() {
            final Decision optedOut = decide(on(Channel.SMS, Category.BASIC_TRANSACTIONAL, INVOICES),
                    withGrant(SmsLevel.OPTED_OUT, false, Channel.SMS, true), PhoneStatus.CLEAR);
            final Decision tooLow = decide(on(Channel.SMS, Category.MARKETING, INVOICES),
                    withGrant(SmsLevel.FULL_TRANSACTIONAL, false, Channel.SMS, true), PhoneStatus.CLEAR);

            assertThat(dropReason(optedOut)).isEqualTo(DropReason.OPTED_OUT);
            assertThat(optedOut.basis().decidedBy()).contains(DecidingConsent.SMS_OPT_IN);
            assertThat(dropReason(tooLow)).isEqualTo(DropReason.LEVEL_TOO_LOW);
            assertThat(tooLow.basis().decidedBy()).contains(DecidingConsent.SMS_OPT_IN);
        }

        @Test
        void aCallToANumberThatRepliedStopIsStillNotMade() {
            final Decision decision = decide(on(Channel.PHONE, Category.BASIC_TRANSACTIONAL, INVOICES),
                    withGrant(SmsLevel.BASIC_TRANSACTIONAL, false, Channel.PHONE, true), PhoneStatus.SUPPRESSED);

            assertThat(dropReason(decision)).isEqualTo(DropReason.PHONE_SUPPRESSED);
            assertThat(decision.basis().decidedBy()).contains(DecidingConsent.SMS_OPT_IN);
        }

        @Test
        void aCallIsNotGatedByTheSmsLevel() {
            assertThat(decide(on(Channel.PHONE, Category.MARKETING, INVOICES),
                    withGrant(SmsLevel.OPTED_OUT, false, Channel.PHONE, true), PhoneStatus.CLEAR)).isInstanceOf(Send.class);
        }

        @Test
        void theDecisionSaysWhichConsentAllowedIt() {
            final Decision plainText = DispatchRules.decide(input(request(Category.BASIC_TRANSACTIONAL).build(), recorded(SmsLevel.BASIC_TRANSACTIONAL)));
            final Decision underPreference = decide(on(Channel.SMS, Category.BASIC_TRANSACTIONAL, INVOICES),
                    withGrant(SmsLevel.BASIC_TRANSACTIONAL, false, Channel.SMS, true), PhoneStatus.CLEAR);
            final Decision invalid = DispatchRules.decide(input(request(Category.UNKNOWN).build(), recorded(SmsLevel.MARKETING)));

            assertThat(plainText.basis().decidedBy()).contains(DecidingConsent.SMS_OPT_IN);
            assertThat(underPreference.basis().decidedBy()).contains(DecidingConsent.COMMUNICATION_PREFERENCE);
            assertThat(invalid.basis().decidedBy()).isEmpty();
        }
    }

    @Nested
    class NamedPreference {

        private final MessageRequest newsletter = request(Category.MARKETING).setPreferenceId("news").build();

        private Decision decide(final ClientConsent consent,
                                final io.optgate.schema.CommunicationSettings settings,
                                final io.optgate.schema.PreferenceDefinition definition) {
            return DispatchRules.decide(input(newsletter, consent, PhoneStatus.CLEAR, settings, definition));
        }

        private ClientConsent granted(final boolean granted, final java.time.Instant validUntil) {
            return ClientConsent.recorded(consent(SmsLevel.MARKETING).setPreferences(grant("news", Channel.SMS, granted, validUntil)).build());
        }

        @Test
        void isSentWhileGrantedUnexpiredAndActive() {
            assertThat(decide(granted(true, NOW.plusSeconds(3600)), settings(true), preference("news", true, Channel.SMS)))
                    .isInstanceOf(Send.class);
            assertThat(decide(granted(true, null), settings(true), preference("news", true, Channel.SMS)))
                    .isInstanceOf(Send.class);
        }

        @Test
        void practiceWithPreferencesSwitchedOffGivesCommunicationDisabled() {
            assertThat(dropReason(decide(granted(true, null), settings(false), preference("news", true, Channel.SMS))))
                    .isEqualTo(DropReason.COMMUNICATION_DISABLED);
        }

        @Test
        void practiceThatNeverSavedSettingsGivesCommunicationDisabled() {
            assertThat(dropReason(decide(granted(true, null), null, preference("news", true, Channel.SMS))))
                    .isEqualTo(DropReason.COMMUNICATION_DISABLED);
        }

        @Test
        void archivedPreferenceGivesPreferenceInactive() {
            final Decision decision = decide(granted(true, null), settings(true), preference("news", false, Channel.SMS));

            assertThat(dropReason(decision)).isEqualTo(DropReason.PREFERENCE_INACTIVE);
            assertThat(((Drop) decision).detail()).contains("the preference is archived");
        }

        @Test
        void undefinedPreferenceGivesPreferenceInactive() {
            assertThat(dropReason(decide(granted(true, null), settings(true), null))).isEqualTo(DropReason.PREFERENCE_INACTIVE);
            assertThat(dropReason(decide(granted(true, null), settings(true), preference("other", true, Channel.SMS))))
                    .isEqualTo(DropReason.PREFERENCE_INACTIVE);
        }

        @Test
        void withdrawnGrantGivesPreferenceNotGranted() {
            assertThat(dropReason(decide(granted(false, null), settings(true), preference("news", true, Channel.SMS))))
                    .isEqualTo(DropReason.PREFERENCE_NOT_GRANTED);
        }

        @Test
        void missingGrantGivesPreferenceNotGranted() {
            assertThat(dropReason(decide(recorded(SmsLevel.MARKETING), settings(true), preference("news", true, Channel.SMS))))
                    .isEqualTo(DropReason.PREFERENCE_NOT_GRANTED);
        }

        @Test
        void grantOnAnotherChannelGivesPreferenceNotGranted() {
            final ClientConsent emailOnly = ClientConsent.recorded(
                    consent(SmsLevel.MARKETING).setPreferences(grant("news", Channel.EMAIL, true, null)).build());

            assertThat(dropReason(decide(emailOnly, settings(true), preference("news", true, Channel.SMS, Channel.EMAIL))))
                    .isEqualTo(DropReason.PREFERENCE_NOT_GRANTED);
        }

        @Test
        void preferenceThatDoesNotOfferTheChannelGivesPreferenceNotGranted() {
            final Decision decision = decide(granted(true, null), settings(true), preference("news", true, Channel.EMAIL));

            assertThat(dropReason(decision)).isEqualTo(DropReason.PREFERENCE_NOT_GRANTED);
            assertThat(((Drop) decision).detail()).contains("the preference does not offer this channel");
        }

        @Test
        void grantExpiredAtTheRequestsTimeGivesConsentExpired() {
            assertThat(dropReason(decide(granted(true, REQUESTED_AT.minusMillis(1)), settings(true), preference("news", true, Channel.SMS))))
                    .isEqualTo(DropReason.CONSENT_EXPIRED);
        }

        @Test
        void grantIsJudgedAtTheRequestsTimeNotAtTheDecisionsTime() {
            assertThat(decide(granted(true, REQUESTED_AT), settings(true), preference("news", true, Channel.SMS)))
                    .as("valid until the instant of the request, decided after it")
                    .isInstanceOf(Send.class);
        }
    }

    @Nested
    class RequestExpiry {

        @Test
        void aRequestPastItsExpiresAtIsDropped() {
            final MessageRequest stale = request(Category.BASIC_TRANSACTIONAL).setExpiresAt(NOW.minusMillis(1)).build();

            assertThat(dropReason(DispatchRules.decide(input(stale, recorded(SmsLevel.BASIC_TRANSACTIONAL)))))
                    .isEqualTo(DropReason.REQUEST_EXPIRED);
        }

        @Test
        void aRequestAtItsExpiresAtIsStillSent() {
            final MessageRequest lastMoment = request(Category.BASIC_TRANSACTIONAL).setExpiresAt(NOW).build();

            assertThat(DispatchRules.decide(input(lastMoment, recorded(SmsLevel.BASIC_TRANSACTIONAL)))).isInstanceOf(Send.class);
        }
    }

    @Nested
    class InvalidRequests {

        static Stream<Arguments> invalidRequests() {
            return Stream.of(
                    invalid("tenantId with a colon", r -> r.setTenantId("vet:1"), "tenantId"),
                    invalid("empty tenantId", r -> r.setTenantId(""), "tenantId"),
                    invalid("clientId longer than 64", r -> r.setClientId("c".repeat(65)), "clientId"),
                    invalid("clientId with a space", r -> r.setClientId("c 1"), "clientId"),
                    invalid("empty requestId", r -> r.setRequestId(""), "requestId"),
                    invalid("requestId with a slash", r -> r.setRequestId("a/b"), "requestId"),
                    invalid("malformed preferenceId", r -> r.setPreferenceId("news letter"), "preferenceId"),
                    invalid("unknown category", r -> r.setCategory(Category.UNKNOWN), "category"),
                    invalid("unknown channel", r -> r.setChannel(Channel.UNKNOWN), "channel"),
                    invalid("local phone number", r -> r.setTo("0555 0001111"), "E.164"),
                    invalid("too few digits", r -> r.setTo("+1234567"), "E.164"),
                    invalid("too many digits", r -> r.setTo("+1234567890123456"), "E.164"),
                    invalid("email without @", r -> r.setChannel(Channel.EMAIL).setTo("owner.example.org"), "e-mail"),
                    invalid("blank letter address", r -> r.setChannel(Channel.LETTER).setTo(" "), "postal"),
                    invalid("empty body", r -> r.setBody(""), "body"),
                    invalid("blank body", r -> r.setBody("  \n"), "body"),
                    invalid("SMS body over 1600", r -> r.setBody("x".repeat(1601)), "body"));
        }

        private static Arguments invalid(final String name, final UnaryOperator<MessageRequest.Builder> change, final String detail) {
            return Arguments.of(name, change, detail);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidRequests")
        void isDroppedWithADetailThatHoldsNoPersonalData(
                final String name, final UnaryOperator<MessageRequest.Builder> change, final String detail) {
            final MessageRequest request = change.apply(request(Category.BASIC_TRANSACTIONAL)).build();
            final String key = Identifiers.clientKey(request.getTenantId(), request.getClientId());

            final Decision decision = DispatchRules.decide(new DecisionInput(
                    key, request, recorded(SmsLevel.MARKETING), PhoneStatus.CLEAR, Optional.empty(), Optional.empty(), NOW));

            assertThat(dropReason(decision)).isEqualTo(DropReason.INVALID_REQUEST);
            final String text = ((Drop) decision).detail().orElseThrow();
            assertThat(text).contains(detail).doesNotContain(PHONE).doesNotContain("0555").doesNotContain("owner").doesNotContain("prescription");
            assertThat(decision.basis()).isEqualTo(Decision.ConsentBasis.NONE);
        }

        @Test
        void aKeyThatIsNotTheRequestsClientKeyIsInvalid() {
            final Decision decision = DispatchRules.decide(new DecisionInput(
                    "vet1:someone-else", request(Category.BASIC_TRANSACTIONAL).build(), recorded(SmsLevel.MARKETING),
                    PhoneStatus.CLEAR, Optional.empty(), Optional.empty(), NOW));

            assertThat(dropReason(decision)).isEqualTo(DropReason.INVALID_REQUEST);
            assertThat(((Drop) decision).detail()).hasValueSatisfying(d -> assertThat(d).contains("record key"));
        }

        @Test
        void validAddressesOfEveryChannelPass() {
            assertThat(RequestValidation.problem(Fixtures.KEY, request(Category.BASIC_TRANSACTIONAL).build())).isEmpty();
            assertThat(RequestValidation.problem(Fixtures.KEY,
                    request(Category.BASIC_TRANSACTIONAL).setChannel(Channel.PHONE).setTo("+4930123456").build())).isEmpty();
            assertThat(RequestValidation.problem(Fixtures.KEY,
                    request(Category.BASIC_TRANSACTIONAL).setChannel(Channel.EMAIL).setTo("a.b@example.org").build())).isEmpty();
            assertThat(RequestValidation.problem(Fixtures.KEY,
                    request(Category.BASIC_TRANSACTIONAL).setChannel(Channel.LETTER).setTo("1 Main St, Springfield").build())).isEmpty();
            assertThat(RequestValidation.problem(Fixtures.KEY,
                    request(Category.BASIC_TRANSACTIONAL).setRequestId("3f2b9c1e-7d1a-4c55-9f00-1a2b3c4d5e6f").build())).isEmpty();
        }
    }

    @Nested
    class Precedence {

        @Test
        void anInvalidRequestIsInvalidWhateverTheConsent() {
            assertThat(dropReason(DispatchRules.decide(input(request(Category.UNKNOWN).build(), ClientConsent.unreadable()))))
                    .isEqualTo(DropReason.INVALID_REQUEST);
        }

        @Test
        void optedOutBeatsASuppressedNumberAndAnExpiredRequest() {
            final MessageRequest stale = request(Category.BASIC_TRANSACTIONAL).setTo(OTHER_PHONE).setExpiresAt(NOW.minusSeconds(1)).build();

            assertThat(dropReason(DispatchRules.decide(input(stale, recorded(SmsLevel.OPTED_OUT), PhoneStatus.SUPPRESSED, null, null))))
                    .isEqualTo(DropReason.OPTED_OUT);
        }

        @Test
        void aSuppressedNumberBeatsANumberNotOnRecord() {
            final MessageRequest elsewhere = request(Category.BASIC_TRANSACTIONAL).setTo(OTHER_PHONE).build();

            assertThat(dropReason(DispatchRules.decide(input(elsewhere, recorded(SmsLevel.MARKETING), PhoneStatus.SUPPRESSED, null, null))))
                    .isEqualTo(DropReason.PHONE_SUPPRESSED);
        }

        @Test
        void aNumberNotOnRecordBeatsALevelTooLow() {
            final MessageRequest elsewhere = request(Category.MARKETING).setTo(OTHER_PHONE).build();

            assertThat(dropReason(DispatchRules.decide(input(elsewhere, recorded(SmsLevel.BASIC_TRANSACTIONAL)))))
                    .isEqualTo(DropReason.PHONE_NOT_ON_RECORD);
        }

        @Test
        void aLevelTooLowBeatsEveryPreferenceReason() {
            final MessageRequest newsletter = request(Category.MARKETING).setPreferenceId("news").build();

            assertThat(dropReason(DispatchRules.decide(input(newsletter, recorded(SmsLevel.FULL_TRANSACTIONAL), PhoneStatus.CLEAR, settings(false), null))))
                    .isEqualTo(DropReason.LEVEL_TOO_LOW);
        }

        @Test
        void aPreferenceReasonBeatsAnExpiredRequest() {
            final MessageRequest newsletter = request(Category.MARKETING).setPreferenceId("news").setExpiresAt(NOW.minusSeconds(1)).build();

            assertThat(dropReason(DispatchRules.decide(input(newsletter, recorded(SmsLevel.MARKETING), PhoneStatus.CLEAR, settings(false), null))))
                    .isEqualTo(DropReason.COMMUNICATION_DISABLED);
        }

        @Test
        void theStricterOfTwoDecisionsIsTheDropWithTheEarlierReason() {
            final Decision send = new Send(Decision.ConsentBasis.NONE);
            final Decision optedOut = Drop.of(DropReason.OPTED_OUT, Decision.ConsentBasis.NONE);
            final Decision tooLow = Drop.of(DropReason.LEVEL_TOO_LOW, Decision.ConsentBasis.NONE);

            assertThat(Decision.stricter(send, send)).isSameAs(send);
            assertThat(Decision.stricter(send, tooLow)).isSameAs(tooLow);
            assertThat(Decision.stricter(tooLow, send)).isSameAs(tooLow);
            assertThat(Decision.stricter(tooLow, optedOut)).isSameAs(optedOut);
            assertThat(Decision.stricter(optedOut, tooLow)).isSameAs(optedOut);
        }
    }

    @Nested
    class ConsentAtRequestTimeAndNow {

        private final DecisionInput basicRequest = input(request(Category.BASIC_TRANSACTIONAL).build(), recorded(SmsLevel.BASIC_TRANSACTIONAL));

        @Test
        void aStopBeforeTheRequestBlocksIt() {
            final Decision decision = DispatchRules.decide(basicRequest.withConsent(recorded(SmsLevel.OPTED_OUT)), recorded(SmsLevel.BASIC_TRANSACTIONAL));

            assertThat(dropReason(decision)).isEqualTo(DropReason.OPTED_OUT);
        }

        @Test
        void aStopAfterTheRequestButBeforeTheDecisionBlocksItToo() {
            final Decision decision = DispatchRules.decide(basicRequest, ClientConsent.recorded(consent(SmsLevel.OPTED_OUT).setVersion(8L).build()));

            assertThat(dropReason(decision)).isEqualTo(DropReason.OPTED_OUT);
            assertThat(decision.basis().version()).contains(8L);
        }

        @Test
        void aLevelRaisedAfterTheRequestDoesNotMakeItEligible() {
            final DecisionInput marketing = input(request(Category.MARKETING).build(), recorded(SmsLevel.FULL_TRANSACTIONAL));

            assertThat(dropReason(DispatchRules.decide(marketing, recorded(SmsLevel.MARKETING)))).isEqualTo(DropReason.LEVEL_TOO_LOW);
        }

        @Test
        void whenBothAllowItTheDecisionCitesTheConsentAtTheRequestsTime() {
            final Decision decision = DispatchRules.decide(basicRequest, ClientConsent.recorded(consent(SmsLevel.MARKETING).setVersion(9L).build()));

            assertThat(decision).isInstanceOf(Send.class);
            assertThat(decision.basis().version()).contains(7L);
            assertThat(decision.basis().level()).contains(SmsLevel.BASIC_TRANSACTIONAL);
        }

        @Test
        void aClientCreatedAfterTheRequestIsJudgedOnTheDefaultAndItsLatestConsent() {
            final Decision decision = DispatchRules.decide(
                    basicRequest.withConsent(ClientConsent.neverSeen()), ClientConsent.recorded(consent(SmsLevel.BASIC_TRANSACTIONAL).setPhone(OTHER_PHONE).build()));

            assertThat(dropReason(decision)).isEqualTo(DropReason.PHONE_NOT_ON_RECORD);
        }
    }
}
