package io.optgate.dispatcher.status;

import io.optgate.dispatcher.DispatcherDriver;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.schema.Category;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.optgate.dispatcher.DispatcherDriver.START;
import static io.optgate.dispatcher.DispatcherDriver.TENANT;
import static io.optgate.dispatcher.DispatcherDriver.key;
import static io.optgate.dispatcher.DispatcherDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

class StatusTopologyTest {

    private static final Duration PAST_GRACE = Duration.ofMillis(1300);

    @TempDir
    Path stateDir;

    private DispatcherDriver dispatcher;
    private MessageStatusStores statuses;

    @BeforeEach
    void start() {
        dispatcher = new DispatcherDriver(DispatchTuning.DEFAULTS, stateDir);
        statuses = dispatcher.statuses();
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private void delivered(final String requestId, final DeliveryStatus status, final Instant at) {
        dispatcher.deliveries.pipeInput(key("c1"), DeliveryEvent.newBuilder()
                .setRequestId(requestId).setTenantId(TENANT).setClientId("c1").setProvider("twilio")
                .setProviderMessageId("SM-" + requestId).setStatus(status).setAttempt(1).setAt(at).build(), at);
    }

    @Test
    void aRequestNotDecidedYetHasNoStatus() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());

        assertThat(statuses.find(TENANT, "r1")).isEmpty();
    }

    @Test
    void aDecidedRequestIsFoundByTenantAndRequestIdAlone() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(PAST_GRACE);

        final Optional<MessageStatus> status = statuses.find(TENANT, "r1");

        assertThat(status).hasValueSatisfying(s -> {
            assertThat(s.decision().getVerdict()).isEqualTo(Verdict.SEND);
            assertThat(s.delivery()).isEmpty();
        });
        assertThat(statuses.find("other-practice", "r1")).isEmpty();
    }

    @Test
    void theDeliveryStatusNeverMovesBackwards() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(PAST_GRACE);

        delivered("r1", DeliveryStatus.QUEUED, START.plusSeconds(2));
        assertThat(statuses.find(TENANT, "r1").orElseThrow().delivery().orElseThrow().getStatus()).isEqualTo(DeliveryStatus.QUEUED);

        delivered("r1", DeliveryStatus.DELIVERED, START.plusSeconds(5));
        delivered("r1", DeliveryStatus.SENT, START.plusSeconds(4));
        delivered("r1", DeliveryStatus.QUEUED, START.plusSeconds(6));

        assertThat(statuses.find(TENANT, "r1").orElseThrow().delivery().orElseThrow().getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void aDeliveryBeforeItsDecisionIsKeptForWhenTheDecisionArrives() {
        delivered("r9", DeliveryStatus.SENT, START);

        assertThat(statuses.find(TENANT, "r9")).isEmpty();
    }

    @Test
    void aRequestWhoseDuplicateWasDecidedWhileItWaitsIsNotDecidedYet() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());

        assertThat(dispatcher.decided()).extracting(d -> d.getReason()).containsExactly(DecisionReason.DUPLICATE_REQUEST);
        assertThat(statuses.find(TENANT, "r1")).isEmpty();
    }

    @Test
    void anInvalidRequestsDecisionIsFoundToo() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).setBody("").build());

        assertThat(statuses.find(TENANT, "r1").orElseThrow().decision().getReason()).isEqualTo(DecisionReason.INVALID_REQUEST);
    }

    @Test
    void aDecisionStaysFoundForTheStatusRetentionLongAfterTheDuplicateWindow() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(PAST_GRACE);
        dispatcher.tick(Duration.ofDays(8));
        // Window stores expire by the newest entry's time: later decisions move it on.
        decideAnother("r2");

        assertThat(statuses.find(TENANT, "r1").orElseThrow().decision().getReason()).isEqualTo(DecisionReason.ELIGIBLE);

        dispatcher.tick(Duration.ofDays(DispatchTuning.DEFAULTS.statusRetention().toDays()));
        decideAnother("r3");

        assertThat(statuses.find(TENANT, "r1")).isEmpty();
        assertThat(statuses.find(TENANT, "r3")).isPresent();
    }

    @Test
    void theSameRequestIdAfterTheDuplicateWindowShowsItsNewDecision() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).setBody("").build());
        dispatcher.tick(Duration.ofDays(8));

        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).setRequestedAt(dispatcher.now()).build());
        dispatcher.tick(PAST_GRACE);

        assertThat(statuses.find(TENANT, "r1").orElseThrow().decision().getReason()).isEqualTo(DecisionReason.ELIGIBLE);
    }

    private void decideAnother(final String requestId) {
        dispatcher.send(request(requestId, "c2", Category.BASIC_TRANSACTIONAL).setRequestedAt(dispatcher.now()).build());
        dispatcher.tick(PAST_GRACE);
    }

    @Test
    void aDuplicateNeverReplacesTheRequestsOwnDecision() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(PAST_GRACE);
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());

        assertThat(statuses.find(TENANT, "r1").orElseThrow().decision().getReason()).isEqualTo(DecisionReason.ELIGIBLE);
    }
}
