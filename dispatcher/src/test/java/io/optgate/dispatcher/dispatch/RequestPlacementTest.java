package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.DispatcherDriver;
import io.optgate.platform.contract.KeyPlacement;
import io.optgate.schema.Category;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.SmsLevel;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static io.optgate.dispatcher.DispatcherDriver.OTHER_PHONE;
import static io.optgate.dispatcher.DispatcherDriver.START;
import static io.optgate.dispatcher.DispatcherDriver.consent;
import static io.optgate.dispatcher.DispatcherDriver.key;
import static io.optgate.dispatcher.DispatcherDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a request is judged. The test driver reads every topic as partition 0; with a
 * {@code consent.state} of four partitions, a client whose key belongs to partition 0 is well
 * placed, any other client's request has arrived elsewhere and takes the re-routing path. (The
 * driver has one task, so it cannot show a request judged against the wrong consent; the broker
 * test {@code AnyProducerOnBrokerTest} does.)
 */
class RequestPlacementTest {

    private static final int CONSENT_PARTITIONS = 4;
    private static final Duration PAST_GRACE = Duration.ofMillis(1300);

    @TempDir
    Path stateDir;

    private DispatcherDriver dispatcher;

    @BeforeEach
    void start() {
        dispatcher = new DispatcherDriver(DispatchTuning.DEFAULTS, stateDir, Map.of(), CONSENT_PARTITIONS);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    @Test
    void aWellPlacedRequestIsJudgedWithoutADetour() {
        final String client = clientWhere(partition -> partition == 0);
        dispatcher.consent(consent(client, SmsLevel.FULL_TRANSACTIONAL, 1).build(), START.minusSeconds(3600));

        dispatcher.send(request("refill", client, Category.FULL_TRANSACTIONAL).build());
        dispatcher.tick(PAST_GRACE);

        assertThat(outcomes()).containsExactly("refill SEND ELIGIBLE");
        assertThat(dispatcher.driver().producedTopicNames()).noneMatch(RequestPlacementTest::isRerouting);
    }

    @Test
    void aRequestInAnotherPartitionThanItsClientsIsReRoutedAndJudgedAgainstThatClientsConsent() {
        final String client = clientWhere(partition -> partition != 0);
        dispatcher.consent(consent(client, SmsLevel.FULL_TRANSACTIONAL, 1).build(), START.minusSeconds(3600));

        dispatcher.send(request("refill", client, Category.FULL_TRANSACTIONAL).build());
        dispatcher.send(request("elsewhere", client, Category.BASIC_TRANSACTIONAL).setTo(OTHER_PHONE).build());
        dispatcher.tick(PAST_GRACE);

        assertThat(outcomes()).containsExactlyInAnyOrder("refill SEND ELIGIBLE", "elsewhere DROP PHONE_NOT_ON_RECORD");
        assertThat(dispatcher.driver().producedTopicNames()).anyMatch(RequestPlacementTest::isRerouting);
    }

    @Test
    void aRequestWithoutAKeyOrUnderAnotherClientsKeyIsJudgedAsItsOwnClients() {
        final String client = clientWhere(partition -> partition == 0);
        final String other = clientWhere(partition -> partition != 0);
        dispatcher.consent(consent(client, SmsLevel.FULL_TRANSACTIONAL, 1).build(), START.minusSeconds(3600));
        dispatcher.consent(consent(other, SmsLevel.OPTED_OUT, 1).build(), START.minusSeconds(3600));

        dispatcher.requests.pipeInput(null, request("no-key", client, Category.FULL_TRANSACTIONAL).build(), START);
        dispatcher.requests.pipeInput(key(other), request("other-key", client, Category.FULL_TRANSACTIONAL).build(), START);
        dispatcher.tick(PAST_GRACE);

        final List<TestRecord<String, DispatchDecision>> decided = dispatcher.decisionRecords();
        assertThat(decided).extracting(r -> r.value().getRequestId() + " " + r.value().getVerdict() + " " + r.value().getReason())
                .containsExactlyInAnyOrder("no-key SEND ELIGIBLE", "other-key SEND ELIGIBLE");
        assertThat(decided).extracting(TestRecord::key).containsOnly(key(client));
    }

    @Test
    void aDuplicateIsCaughtWhenOneCopyWasWellPlacedAndTheOtherReRouted() {
        final String client = clientWhere(partition -> partition == 0);
        final MessageRequest refill = request("refill", client, Category.BASIC_TRANSACTIONAL).build();

        dispatcher.send(refill);
        dispatcher.requests.pipeInput(null, refill, START);
        dispatcher.tick(PAST_GRACE);

        assertThat(dispatcher.decided()).extracting(DispatchDecision::getReason)
                .containsExactlyInAnyOrder(DecisionReason.ELIGIBLE, DecisionReason.DUPLICATE_REQUEST);
    }

    @Test
    void theReRoutingTopicIsNamed() {
        assertThat(dispatcher.topology().describe().toString())
                .contains("message-requests-placement", DispatchTopology.REKEY_REPARTITION);
    }

    private List<String> outcomes() {
        return dispatcher.decided().stream()
                .map(d -> d.getRequestId() + " " + d.getVerdict() + " " + d.getReason())
                .toList();
    }

    private static boolean isRerouting(final String topic) {
        return topic.endsWith(DispatchTopology.REKEY_REPARTITION + "-repartition");
    }

    /** A client id whose key's partition among the consent partitions passes {@code wanted}. */
    private static String clientWhere(final IntPredicate wanted) {
        return IntStream.range(0, 100).mapToObj(n -> "c" + n)
                .filter(client -> wanted.test(KeyPlacement.partition(key(client), CONSENT_PARTITIONS)))
                .findFirst().orElseThrow();
    }
}
