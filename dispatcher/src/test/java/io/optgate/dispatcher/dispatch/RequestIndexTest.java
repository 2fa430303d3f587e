package io.optgate.dispatcher.dispatch;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.Verdict;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The index from a request to its client, rebuilt from the request-ids store alone. */
class RequestIndexTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final String registryScope = "request-index-test-" + UUID.randomUUID();
    private DecidedRequests decided;
    private WindowStore<String, byte[]> requestIds;
    private WindowStore<String, String> index;

    @BeforeEach
    void stores() {
        final ContractTopics topics = new ContractTopics(TopicNames.defaults(),
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + registryScope)));
        decided = new DecidedRequests(topics.dispatchDecisions().valueSerde(), topics.dispatchDecisions().name());
        final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        requestIds = Stores.windowStoreBuilder(Stores.inMemoryWindowStore("ids", Duration.ofDays(30), Duration.ofDays(7), false),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        requestIds.init(context.getStateStoreContext(), requestIds);
        index = Stores.windowStoreBuilder(Stores.inMemoryWindowStore("index", Duration.ofDays(30), Duration.ofDays(7), false),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        index.init(context.getStateStoreContext(), index);
    }

    @AfterEach
    void close() {
        requestIds.close();
        index.close();
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    private void stored(final String clientKey, final String requestId, final DispatchDecision decision, final Instant at) {
        requestIds.put(DecidedRequests.key(clientKey, requestId), decided.encode(decision), at.toEpochMilli());
    }

    private static DispatchDecision decision(final String tenantId, final String clientId, final String requestId) {
        return DispatchDecision.newBuilder()
                .setRequestId(requestId).setTenantId(tenantId).setClientId(clientId)
                .setVerdict(Verdict.SEND).setReason(DecisionReason.ELIGIBLE)
                .setCategory(Category.BASIC_TRANSACTIONAL).setChannel(Channel.SMS)
                .setRequestedAt(AT).setDecidedAt(AT).build();
    }

    @Test
    void aRebuiltIndexFindsEveryStoredDecisionByTenantAndRequestId() {
        stored("vet1:c1", "r-1", decision("vet1", "c1", "r-1"), AT);
        stored("vet1:c2", "a:b|c", decision("vet1", "c2", "a:b|c"), AT.plusSeconds(1));
        stored("vet2:c1", "r-1", decision("vet2", "c1", "r-1"), AT.plusSeconds(2));

        RequestIndex.rebuild(index, requestIds);

        assertThat(RequestIndex.decision(index, requestIds, decided, "vet1", "r-1")).contains(decision("vet1", "c1", "r-1"));
        assertThat(RequestIndex.decision(index, requestIds, decided, "vet1", "a:b|c")).contains(decision("vet1", "c2", "a:b|c"));
        assertThat(RequestIndex.decision(index, requestIds, decided, "vet2", "r-1")).contains(decision("vet2", "c1", "r-1"));
        assertThat(RequestIndex.decision(index, requestIds, decided, "vet3", "r-1")).isEmpty();
        assertThat(RequestIndex.decision(index, requestIds, decided, "vet1", "r-2")).isEmpty();
    }

    @Test
    void theIndexKeepsTheWindowStartOfItsEntrySoThatBothExpireTogether() {
        stored("vet1:c1", "r-1", decision("vet1", "c1", "r-1"), AT);

        RequestIndex.rebuild(index, requestIds);

        try (var entries = index.fetch("vet1:r-1", Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            assertThat(entries.next().key).isEqualTo(AT.toEpochMilli());
            assertThat(entries.hasNext()).isFalse();
        }
    }

    @Test
    void aFirstSeenTimeOfAnOlderVersionIsNoDecision() {
        requestIds.put(DecidedRequests.key("vet1:c1", "r-old"), ByteBuffer.allocate(Long.BYTES).putLong(1L).array(), AT.toEpochMilli());

        RequestIndex.rebuild(index, requestIds);

        assertThat(RequestIndex.decision(index, requestIds, decided, "vet1", "r-old")).isEmpty();
    }

    @Test
    void aKeyThatIsNotAClientKeyIsNotIndexed() {
        assertThat(RequestIndex.entryOf("vet1:c1|r-1")).contains(new RequestIndex.Entry("vet1:r-1", "vet1:c1"));
        assertThat(RequestIndex.entryOf("no-colon|r-1")).isEmpty();
        assertThat(RequestIndex.entryOf("vet1:c1")).isEmpty();
        assertThat(RequestIndex.entryOf("vet 1:c1|r-1")).isEmpty();
        assertThat(RequestIndex.entryOf("vet1:c1|")).isEmpty();
    }

    @Test
    void aDecisionOfAnotherRequestUnderTheKeyIsNotAnswered() {
        // An invalid request under an odd record key: stored under a key that parses as another request's.
        stored("vet1:c1", "x|r", decision("vet1", "c1|x", "r"), AT);

        RequestIndex.rebuild(index, requestIds);

        assertThat(RequestIndex.decision(index, requestIds, decided, "vet1", "x|r")).isEmpty();
    }
}
