package io.optgate.consent.topology;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentEvidence;
import io.optgate.schema.ConsentMethod;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.optgate.consent.topology.ConsentDriver.START;
import static io.optgate.consent.topology.Records.PHONE;
import static io.optgate.consent.topology.Records.STAFF;
import static io.optgate.consent.topology.Records.TENANT;
import static io.optgate.consent.topology.Records.clientKey;
import static io.optgate.consent.topology.Records.level;
import static io.optgate.consent.topology.Records.signal;
import static org.assertj.core.api.Assertions.assertThat;

/** The evidence of a consent change travels from the event, or the text, to the notes on consent.notes. */
class EvidenceStoriesTest {

    private static final Instant T1 = START.minus(Duration.ofMinutes(10));
    private static final Instant STOP_AT = START.minus(Duration.ofMinutes(5));

    @TempDir
    Path stateDir;
    private ConsentDriver kit;

    @BeforeEach
    void start() {
        kit = new ConsentDriver(stateDir);
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void aStaffChangeAndALaterStopEachKeepHowConsentWasGiven() {
        final ConsentEvent signedForm = level("e-a", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1);
        final ConsentEvidence form = new ConsentEvidence(ConsentMethod.WEB_FORM, "terms-v4", "Ticked the SMS box on the booking form.");
        signedForm.setEvidence(form);
        kit.pipe(clientKey("anna"), signedForm);

        final List<ConsentNote> fromForm = kit.notes.readValuesToList();
        assertThat(fromForm).isNotEmpty();
        assertThat(fromForm).extracting(ConsentNote::getEvidence).containsOnly(form);

        kit.pipe(signal("p-1", TENANT, PHONE, PhoneConsentKind.OPT_OUT, "STOP", STOP_AT));

        final List<ConsentNote> fromStop = kit.notes.readValuesToList();
        assertThat(fromStop).hasSize(1);
        assertThat(fromStop.get(0).getEvidence()).isEqualTo(new ConsentEvidence(ConsentMethod.TEXT, null, "STOP"));
        assertThat(fromStop.get(0).getNewLevel()).isEqualTo(SmsLevel.OPTED_OUT);
    }
}
