package io.optgate.dispatcher.dispatch;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.Verdict;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DecidedRequestsTest {

    private final String scope = "decided-" + UUID.randomUUID();
    private final DecidedRequests decided = new DecidedRequests(
            new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + scope)).value(DispatchDecision.class), "dispatch.decisions");

    @AfterEach
    void dropScope() {
        SchemaRegistryClients.dropMockScope(scope);
    }

    @Test
    void aDecisionReadsBackAsWritten() {
        final DispatchDecision decision = DispatchDecision.newBuilder()
                .setRequestId("r").setTenantId("t").setClientId("c")
                .setVerdict(Verdict.SEND).setReason(DecisionReason.ELIGIBLE)
                .setCategory(Category.BASIC_TRANSACTIONAL).setChannel(Channel.SMS)
                .setRequestedAt(Instant.EPOCH).setDecidedAt(Instant.EPOCH).build();

        final byte[] stored = decided.encode(decision);

        assertThat(stored.length).isGreaterThan(Long.BYTES);
        assertThat(decided.decode(stored)).contains(decision);
    }

    @Test
    void anEntryOfTheEarlierVersionIsSeenButHasNoDecision() {
        final byte[] seenTime = Serdes.Long().serializer().serialize("any", 1_772_000_000_000L);

        assertThat(decided.decode(seenTime)).isEmpty();
    }

    @Test
    void keysNameTheClientThenTheRequest() {
        assertThat(DecidedRequests.key("vet1:c1", "r-1")).isEqualTo("vet1:c1|r-1");
    }
}
