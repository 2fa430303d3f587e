package io.optgate.dispatcher.quiet;

import io.optgate.dispatcher.DispatcherDriver;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.dispatcher.status.MessageStatus;
import io.optgate.dispatcher.status.MessageStatusStores;
import io.optgate.schema.Category;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.optgate.dispatcher.DispatcherDriver.START;
import static io.optgate.dispatcher.DispatcherDriver.TENANT;
import static io.optgate.dispatcher.DispatcherDriver.consent;
import static io.optgate.dispatcher.DispatcherDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quiet hours in the topology, on the driver's wall clock: the judge still decides SEND at once,
 * the text waits in the hold store and is routed when the window opens.
 */
class QuietHoursTopologyTest {

    /** A New York number. */
    static final String NEW_YORK = "+12125550100";
    /** 22:00 in New York on the driver's first evening (START is 14:00 there). */
    static final Duration TO_22_NEW_YORK = Duration.ofHours(8);
    static final Instant EIGHT_NEXT_MORNING = Instant.parse("2026-03-02T13:00:00Z");

    @TempDir
    Path stateDir;

    private DispatcherDriver dispatcher;
    private MessageStatusStores statuses;

    @BeforeEach
    void start() {
        dispatcher = new DispatcherDriver(DispatchTuning.DEFAULTS.withGrace(Duration.ZERO), stateDir);
        statuses = dispatcher.statuses();
        dispatcher.consent(consent("c1", SmsLevel.MARKETING, 1).setPhone(NEW_YORK).build(), START.minusSeconds(3600));
        dispatcher.tick(TO_22_NEW_YORK);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private MessageRequest text(final String requestId, final Category category) {
        return request(requestId, "c1", category).setTo(NEW_YORK).setRequestedAt(dispatcher.now()).build();
    }

    @Test
    void aMarketingTextAt22IsDecidedSendHeldAndRoutedAt8() {
        dispatcher.send(text("m1", Category.MARKETING));

        assertThat(dispatcher.decided()).extracting(d -> d.getVerdict()).containsExactly(Verdict.SEND);
        assertThat(dispatcher.outboundSms.isEmpty()).isTrue();
        final List<DeliveryEvent> notices = dispatcher.deliveryEvents.readValuesToList();
        assertThat(notices).singleElement().satisfies(event -> {
            assertThat(event.getStatus()).isEqualTo(DeliveryStatus.HELD_QUIET_HOURS);
            assertThat(event.getReleaseAt()).isEqualTo(EIGHT_NEXT_MORNING);
            assertThat(event.getAttempt()).isZero();
        });
        final MessageStatus status = statuses.find(TENANT, "m1").orElseThrow();
        assertThat(status.decision().getVerdict()).isEqualTo(Verdict.SEND);
        assertThat(status.delivery().orElseThrow().getStatus()).isEqualTo(DeliveryStatus.HELD_QUIET_HOURS);

        dispatcher.tick(Duration.ofHours(9).plusMinutes(59)); // 7:59
        assertThat(dispatcher.outboundSms.isEmpty()).isTrue();
        dispatcher.tick(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(dispatcher.outboundSms.readValuesToList()).extracting(MessageRequest::getRequestId).containsExactly("m1");
        dispatcher.tick(Duration.ofHours(1));
        assertThat(dispatcher.outboundSms.isEmpty()).as("released once").isTrue();
    }

    @Test
    void aBasicTransactionalTextGoesAtOnce() {
        dispatcher.send(text("b1", Category.BASIC_TRANSACTIONAL));

        assertThat(dispatcher.outboundSms.readValuesToList()).extracting(MessageRequest::getRequestId).containsExactly("b1");
        assertThat(dispatcher.deliveryEvents.isEmpty()).isTrue();
    }

    @Test
    void aTextThatExpiresBeforeTheWindowOpensIsCancelledAtOnce() {
        final MessageRequest expiring = text("e1", Category.MARKETING);
        expiring.setExpiresAt(dispatcher.now().plus(Duration.ofHours(2)));
        dispatcher.send(expiring);

        assertThat(dispatcher.deliveryEvents.readValuesToList()).singleElement().satisfies(event -> {
            assertThat(event.getStatus()).isEqualTo(DeliveryStatus.CANCELLED);
            assertThat(event.getErrorCode()).isEqualTo("REQUEST_EXPIRED");
        });
        dispatcher.tick(Duration.ofHours(12));
        assertThat(dispatcher.outboundSms.isEmpty()).isTrue();
        assertThat(statuses.find(TENANT, "e1").orElseThrow().delivery().orElseThrow().getStatus())
                .isEqualTo(DeliveryStatus.CANCELLED);
    }

    @Test
    void theClientsZoneOnRecordDecides() {
        // 22:00 in New York is 19:00 in Los Angeles: the window is open there
        dispatcher.consent(consent("c1", SmsLevel.MARKETING, 2).setPhone(NEW_YORK).setTimeZone("America/Los_Angeles").build(),
                dispatcher.now().minusSeconds(60));
        dispatcher.send(text("m2", Category.MARKETING));

        assertThat(dispatcher.outboundSms.readValuesToList()).extracting(MessageRequest::getRequestId).containsExactly("m2");
    }

    @Test
    void thePracticesWindowNarrowsIt() {
        dispatcher.settings.pipeInput(TENANT, ConsentSetting.newBuilder().setTenantId(TENANT)
                .setSetting(CommunicationSettings.newBuilder().setEnabled(false).setSendingWindowStart("09:30").build())
                .setUpdatedAt(START).build(), START);
        dispatcher.send(text("m3", Category.MARKETING));

        assertThat(dispatcher.deliveryEvents.readValuesToList()).singleElement()
                .satisfies(event -> assertThat(event.getReleaseAt()).isEqualTo(EIGHT_NEXT_MORNING.plus(Duration.ofMinutes(90))));
    }
}
