package io.optgate.faults;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import io.optgate.testing.twilio.TwilioMessagesStandIn.Post;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What came out of a run, read after it with {@code read_committed} consumers: decisions,
 * deliveries, consent notes, every dead-letter topic, and the POSTs the Twilio stand-in recorded.
 *
 * @param deadLetters records per {@code *.dlq} topic, with their reason header
 */
record RunOutput(List<DispatchDecision> decisions, List<DeliveryEvent> deliveries, List<ConsentNote> notes,
                 Map<String, List<ConsumerRecord<String, byte[]>>> deadLetters, List<Post> posts) {

    static RunOutput read(final FaultCluster cluster, final AvroSerdes serdes) {
        final String bootstrap = cluster.kafka().bootstrapServers();
        final Map<String, Object> security = cluster.clientSecurity();
        final List<DispatchDecision> decisions = values(CommittedRecords.read(bootstrap, security, "dispatch.decisions",
                serdes.value(DispatchDecision.class).deserializer()));
        final List<DeliveryEvent> deliveries = values(CommittedRecords.read(bootstrap, security, "dispatch.deliveries",
                serdes.value(DeliveryEvent.class).deserializer()));
        final List<ConsentNote> notes = values(CommittedRecords.read(bootstrap, security, "consent.notes",
                serdes.value(ConsentNote.class).deserializer()));
        final Map<String, List<ConsumerRecord<String, byte[]>>> deadLetters = new TreeMap<>();
        for (final String topic : deadLetterTopics(bootstrap, security)) {
            deadLetters.put(topic, CommittedRecords.readRaw(bootstrap, security, topic));
        }
        return new RunOutput(decisions, deliveries, notes, deadLetters, cluster.twilio().posts());
    }

    private static <V> List<V> values(final List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static Set<String> deadLetterTopics(final String bootstrap, final Map<String, Object> security) {
        final Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(config)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.endsWith(".dlq"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the dead-letter topics", e);
        }
    }
}

