package io.optgate.local.traffic;

import io.optgate.local.traffic.SampleRecord.Topic;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SampleTrafficTest {

    private static final Pattern E164 = Pattern.compile("\\+[0-9]{8,15}");
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private final SampleWorld world = SampleWorld.generate(7, 300);

    @Test
    void theSeedSetsUpEveryPracticeAndGivesEveryClientAFictionalNumber() {
        final List<SampleRecord> seed = new SampleTraffic(world, 1, "run").seed(T0);

        final List<ConsentSetting> settings = values(seed, Topic.CONSENT_SETTINGS, ConsentSetting.class);
        assertThat(settings).hasSize(world.practices().size() * 5);
        final List<ConsentEvent> events = values(seed, Topic.CONSENT_EVENTS, ConsentEvent.class);
        assertThat(events.stream().map(e -> e.getTenantId() + ":" + e.getClientId()).distinct()).hasSize(world.clientCount());
        assertThat(world.practices()).allSatisfy(p -> p.clients().forEach(c ->
                assertThat(c.phone()).matches(E164).matches("\\+1[0-9]{3}55501[0-9]{2}")));
        assertThat(seed).isEqualTo(new SampleTraffic(world, 99, "other").seed(T0));
    }

    @Test
    void tenMinutesOfTrafficHoldEveryKindOfRequestReplyAndChange() {
        final SampleTraffic traffic = new SampleTraffic(world, 42, "run");
        final List<SampleRecord> all = new ArrayList<>();
        for (int s = 0; s < 600; s++) {
            all.addAll(traffic.tick(T0.plusSeconds(s)));
        }

        final List<MessageRequest> requests = values(all, Topic.MESSAGE_REQUESTS, MessageRequest.class);
        assertThat(traffic.requestsWritten()).isEqualTo(requests.size()).isBetween(600L * 15, 600L * 25);
        assertThat(requests.stream().map(MessageRequest::getCategory).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Category.values());
        assertThat(requests).anyMatch(r -> r.getPreferenceId() != null);
        assertThat(requests).anyMatch(r -> r.getExpiresAt() != null && r.getExpiresAt().isBefore(r.getRequestedAt()));
        assertThat(requests).anyMatch(r -> !E164.matcher(r.getTo()).matches());
        assertThat(requests).anyMatch(r -> r.getBody().isEmpty());
        final Set<String> seen = new HashSet<>();
        assertThat(requests.stream().filter(r -> !seen.add(r.getRequestId())).count()).isPositive();

        final List<PhoneConsentEvent> replies = values(all, Topic.CONSENT_PHONE_EVENTS, PhoneConsentEvent.class);
        assertThat(replies.stream().map(PhoneConsentEvent::getKind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(PhoneConsentKind.values());

        final List<ConsentEvent> changes = values(all, Topic.CONSENT_EVENTS, ConsentEvent.class);
        assertThat(changes.stream().map(e -> e.getActor().getType()).collect(Collectors.toSet()))
                .contains(ActorType.STAFF, ActorType.SUPPORT, ActorType.CLIENT);
        assertThat(all).allSatisfy(r -> assertThat(r.key()).startsWith(tenantOf(r) + ":"));
    }

    private static String tenantOf(final SampleRecord r) {
        if (r.value() instanceof MessageRequest m) {
            return m.getTenantId();
        }
        if (r.value() instanceof ConsentEvent e) {
            return e.getTenantId();
        }
        return ((PhoneConsentEvent) r.value()).getTenantId();
    }

    private static <T> List<T> values(final List<SampleRecord> records, final Topic topic, final Class<T> type) {
        return records.stream().filter(r -> r.topic() == topic).map(r -> type.cast(r.value())).toList();
    }
}
