package io.optgate.consent.topology;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentState;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import static io.optgate.consent.topology.ConsentDriver.START;
import static io.optgate.consent.topology.Records.PHONE;
import static io.optgate.consent.topology.Records.STAFF;
import static io.optgate.consent.topology.Records.TENANT;
import static io.optgate.consent.topology.Records.clientKey;
import static io.optgate.consent.topology.Records.signal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * consent.events and consent.phone-events are read by independent tasks, so a staff level request
 * for a new number and a STOP from that number, written in that order, may be decided in either
 * order (docs/RELIABILITY.md, finding 5). The consent they leave must not depend on it.
 */
class InputOrderStoriesTest {

    private static final Instant REQUESTED_AT = START.minus(Duration.ofMinutes(10));
    private static final Instant STOP_AT = START.minus(Duration.ofMinutes(5));
    private static final Instant START_AT = START.minus(Duration.ofMinutes(1));
    private static final String ZONE = "America/Chicago";

    @TempDir
    Path writtenOrderDir;
    @TempDir
    Path stopFirstDir;

    /** What defines a client's consent (the fault suite's check 7 compares the same fields). */
    record ConsentFields(SmsLevel level, SmsLevel pendingLevel, String phone, boolean phoneSuppressed,
                         Map<String, Map<String, PreferenceGrant>> preferences, String timeZone) {

        static ConsentFields of(final ConsentState state) {
            return state == null ? null : new ConsentFields(state.getLevel(), state.getPendingLevel(), state.getPhone(),
                    state.getPhoneSuppressed(), state.getPreferences(), state.getTimeZone());
        }
    }

    @ParameterizedTest(name = "{0}, client''s request stated: {1}")
    @CsvSource({"FULL_TRANSACTIONAL, false", "BASIC_TRANSACTIONAL, false", "MARKETING, false", "MARKETING, true"})
    void aStaffLevelRequestAndAStopOfItsNumberLeaveTheSameConsentInEitherOrder(final SmsLevel level,
                                                                                final boolean clientRequestedOptIn) {
        final ConsentEvent request = new ConsentEvent("e-1", TENANT, "anna", REQUESTED_AT, STAFF,
                new SmsLevelRequested(level, clientRequestedOptIn, PHONE, ZONE), null);
        final Consumer<ConsentDriver> theRequest = kit -> kit.pipe(clientKey("anna"), request);
        final Consumer<ConsentDriver> theStop = kit -> kit.pipe(signal("p-1", TENANT, PHONE, PhoneConsentKind.OPT_OUT, "STOP", STOP_AT));

        try (ConsentDriver written = new ConsentDriver(writtenOrderDir);
             ConsentDriver stopFirst = new ConsentDriver(stopFirstDir)) {
            theRequest.accept(written);
            theStop.accept(written);
            theStop.accept(stopFirst);
            theRequest.accept(stopFirst);

            final ConsentFields afterStop = anna(written);
            assertThat(afterStop).as("the written order: the request applies, the STOP opts the client out")
                    .isEqualTo(new ConsentFields(SmsLevel.OPTED_OUT, null, PHONE, true, Map.of(), ZONE));
            assertThat(anna(stopFirst)).as("the STOP decided first").isEqualTo(afterStop);

            final Consumer<ConsentDriver> theStart = kit -> kit.pipe(signal("p-2", TENANT, PHONE, PhoneConsentKind.OPT_IN, "START", START_AT));
            theStart.accept(written);
            theStart.accept(stopFirst);

            final ConsentFields afterStart = anna(written);
            assertThat(afterStart).as("START brings the number's clients back to the default level")
                    .isEqualTo(new ConsentFields(SmsLevel.BASIC_TRANSACTIONAL, null, PHONE, false, Map.of(), ZONE));
            assertThat(anna(stopFirst)).as("the STOP decided first, after START").isEqualTo(afterStart);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FULL_TRANSACTIONAL", "MARKETING"})
    void aLevelRequestForAClientThatHoldsTheNumberAndItsStopAgreeInEitherOrder(final SmsLevel level) {
        final ConsentEvent number = new ConsentEvent("e-0", TENANT, "anna", REQUESTED_AT.minusSeconds(60), STAFF,
                new ContactChanged(PHONE, ZONE), null);
        final ConsentEvent request = new ConsentEvent("e-1", TENANT, "anna", REQUESTED_AT, STAFF,
                new SmsLevelRequested(level, false, null, null), null);
        final Consumer<ConsentDriver> theRequest = kit -> kit.pipe(clientKey("anna"), request);
        final Consumer<ConsentDriver> theStop = kit -> kit.pipe(signal("p-1", TENANT, PHONE, PhoneConsentKind.OPT_OUT, "STOP", STOP_AT));

        try (ConsentDriver written = new ConsentDriver(writtenOrderDir);
             ConsentDriver stopFirst = new ConsentDriver(stopFirstDir)) {
            written.pipe(clientKey("anna"), number);
            stopFirst.pipe(clientKey("anna"), number);
            theRequest.accept(written);
            theStop.accept(written);
            theStop.accept(stopFirst);
            theRequest.accept(stopFirst);

            assertThat(anna(written)).isEqualTo(new ConsentFields(SmsLevel.OPTED_OUT, null, PHONE, true, Map.of(), ZONE));
            assertThat(anna(stopFirst)).isEqualTo(anna(written));
        }
    }

    private static ConsentFields anna(final ConsentDriver kit) {
        return ConsentFields.of(kit.clientsStore().get(clientKey("anna")));
    }
}
