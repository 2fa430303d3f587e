package io.optgate.dispatcher.twilio;

import io.optgate.schema.DeliveryStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.optgate.schema.DeliveryStatus.DELIVERED;
import static io.optgate.schema.DeliveryStatus.DRY_RUN;
import static io.optgate.schema.DeliveryStatus.FAILED;
import static io.optgate.schema.DeliveryStatus.QUEUED;
import static io.optgate.schema.DeliveryStatus.SENT;
import static io.optgate.schema.DeliveryStatus.UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;

class DeliveryProgressTest {

    private static DeliveryProgress p(final DeliveryStatus status) {
        return DeliveryProgress.of(status, null);
    }

    private static final DeliveryProgress UNCONFIRMED = DeliveryProgress.of(FAILED, DeliveryProgress.UNCONFIRMED);

    @Test
    void theUsualPathMovesForward() {
        assertThat(p(QUEUED).isAdvancedBy(p(SENT))).isTrue();
        assertThat(p(SENT).isAdvancedBy(p(DELIVERED))).isTrue();
        assertThat(p(QUEUED).isAdvancedBy(p(DELIVERED))).isTrue();
        assertThat(p(SENT).isAdvancedBy(p(UNDELIVERED))).isTrue();
        assertThat(p(QUEUED).isAdvancedBy(p(FAILED))).isTrue();
    }

    @Test
    void aTextHeldForQuietHoursIsReplacedByAnythingTheSenderOrTwilioSays() {
        final DeliveryProgress held = p(DeliveryStatus.HELD_QUIET_HOURS);
        assertThat(held.isFinal()).isFalse();
        assertThat(held.isAdvancedBy(p(QUEUED))).isTrue();
        assertThat(held.isAdvancedBy(p(DeliveryStatus.CANCELLED))).isTrue();
        assertThat(held.isAdvancedBy(UNCONFIRMED)).isTrue();
        assertThat(p(QUEUED).isAdvancedBy(held)).isFalse();
        assertThat(p(DeliveryStatus.CANCELLED).isAdvancedBy(held)).isFalse();
    }

    @Test
    void aLateCallbackNeverMovesAStatusBackwards() {
        assertThat(p(DELIVERED).isAdvancedBy(p(SENT))).isFalse();
        assertThat(p(DELIVERED).isAdvancedBy(p(QUEUED))).isFalse();
        assertThat(p(SENT).isAdvancedBy(p(QUEUED))).isFalse();
        assertThat(p(UNDELIVERED).isAdvancedBy(p(SENT))).isFalse();
    }

    @Test
    void theSameStatusTwiceIsNotNews() {
        for (final DeliveryStatus status : DeliveryStatus.values()) {
            assertThat(p(status).isAdvancedBy(p(status))).as(status.name()).isFalse();
        }
    }

    @Test
    void theFirstFinalStatusWins() {
        assertThat(p(DELIVERED).isAdvancedBy(p(UNDELIVERED))).isFalse();
        assertThat(p(FAILED).isAdvancedBy(p(DELIVERED))).isFalse();
        assertThat(p(DRY_RUN).isAdvancedBy(p(FAILED))).isFalse();
        assertThat(p(DELIVERED).isFinal()).isTrue();
        assertThat(p(SENT).isFinal()).isFalse();
    }

    @Test
    void anUnconfirmedHandOverIsReplacedByAnyWordFromTwilio() {
        assertThat(UNCONFIRMED.isFinal()).isFalse();
        assertThat(UNCONFIRMED.isAdvancedBy(p(QUEUED))).isTrue();
        assertThat(UNCONFIRMED.isAdvancedBy(p(SENT))).isTrue();
        assertThat(UNCONFIRMED.isAdvancedBy(p(DELIVERED))).isTrue();
        assertThat(UNCONFIRMED.isAdvancedBy(UNCONFIRMED)).isFalse();
        assertThat(p(QUEUED).isAdvancedBy(UNCONFIRMED)).isFalse();
    }

    @Test
    void aRealFailureWithACodeIsFinal() {
        assertThat(DeliveryProgress.of(FAILED, "30007").isFinal()).isTrue();
        assertThat(DeliveryProgress.of(FAILED, "21610").isAdvancedBy(p(DELIVERED))).isFalse();
    }

    @ParameterizedTest(name = "Twilio {0} is {1}")
    @CsvSource({
            "accepted, QUEUED", "scheduled, QUEUED", "queued, QUEUED", "sending, QUEUED",
            "sent, SENT", "delivered, DELIVERED", "read, DELIVERED",
            "undelivered, UNDELIVERED", "partially_delivered, UNDELIVERED",
            "failed, FAILED", "canceled, FAILED", "Delivered, DELIVERED", "' sent ', SENT"})
    void twilioStatusesMapOntoDeliveryStatuses(final String twilio, final DeliveryStatus expected) {
        assertThat(DeliveryProgress.fromTwilio(twilio)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"receiving", "received", "", "bogus"})
    void statusesThatSayNothingAboutAnOutgoingMessageAreIgnored(final String twilio) {
        assertThat(DeliveryProgress.fromTwilio(twilio)).isEmpty();
        assertThat(DeliveryProgress.fromTwilio(null)).isEmpty();
    }
}
