package io.optgate.platform.topics;

import io.optgate.schema.Channel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * How every contract topic looks, and the one partition rule, for both apps: whichever starts first
 * creates what the other expects. Each app provisions the whole contract (its own topics are a
 * subset), plus its private topics.
 *
 * <p>The partition count is the one the existing client-placed topics ({@code consent.events},
 * {@code consent.state}, {@code dispatch.deliveries}) share, else that of {@code message.requests},
 * else {@code OPTGATE_TOPIC_PARTITIONS} ({@link CoPartitioning}). Topics placed by client key
 * (those three, {@code dispatch.decisions} and the outbound topics) must have that count; every other
 * topic keeps the count it has, and is created with the shared count when missing. The tables read
 * whole ({@code consent.settings}, {@code consent.phone-state}, ...) and upstream's
 * {@code message.requests} may differ without harm.
 */
public final class ContractTopicLayout {

    private static final Logger LOG = LoggerFactory.getLogger(ContractTopicLayout.class);
    private static final long DESCRIBE_TIMEOUT_SECONDS = 30;

    private ContractTopicLayout() {
    }

    /**
     * Decides the partition count, creates the missing contract topics and {@code appTopics}, and
     * verifies the others.
     *
     * @param fallbackPartitions {@code OPTGATE_TOPIC_PARTITIONS}: the count when no placed topic exists
     * @param appTopics          the app's private topics for the decided count
     * @return the partition count of the client-placed topics
     * @throws CoPartitioning.MismatchException   when existing placed topics differ from each other
     * @throws TopicProvisioner.MismatchException when an existing topic differs from its definition
     */
    public static int provision(final Admin admin, final TopicNames names, final int fallbackPartitions,
                                final IntFunction<List<TopicDefinition>> appTopics) {
        final Map<String, Integer> existing = existingPartitions(admin, allNames(names));
        final int partitions = partitions(names, existing, fallbackPartitions);
        final OptionalInt requests = requestPartitions(names, existing);
        CoPartitioning.requestsWarning(names.messageRequests(), requests, partitions)
                .ifPresent(warning -> LOG.warn("{}", warning));
        final List<TopicDefinition> definitions = new ArrayList<>(definitions(names, partitions, existing));
        definitions.addAll(appTopics.apply(partitions));
        new TopicProvisioner(admin).provision(definitions);
        return partitions;
    }

    /**
     * The partition count of the client-placed topics, given the counts of the topics that exist.
     *
     * @throws CoPartitioning.MismatchException when existing placed topics differ from each other
     */
    public static int partitions(final TopicNames names, final Map<String, Integer> existing, final int fallbackPartitions) {
        final Map<String, Integer> joined = new LinkedHashMap<>();
        for (final String topic : List.of(names.consentEvents(), names.consentState(), names.dispatchDeliveries())) {
            if (existing.containsKey(topic)) {
                joined.put(topic, existing.get(topic));
            }
        }
        return CoPartitioning.partitions(joined, requestPartitions(names, existing), fallbackPartitions);
    }

    /**
     * Every contract topic and the dead-letter topic of each one read.
     *
     * @param partitions the count of the client-placed topics
     * @param existing   partition counts of the topics that exist, by name
     */
    public static List<TopicDefinition> definitions(final TopicNames names, final int partitions, final Map<String, Integer> existing) {
        final List<TopicDefinition> definitions = new ArrayList<>();
        final Set<String> placed = placed(names);
        final Set<String> compacted = Set.of(names.consentSettings(), names.consentState(), names.consentPhoneState(),
                names.consentSendingNumbers(), names.consentPhonePractices(), names.dispatchTextedNumbers());
        for (final String topic : names.all()) {
            final int count = placed.contains(topic) ? partitions : existing.getOrDefault(topic, partitions);
            definitions.add(compacted.contains(topic) ? TopicDefinition.compacted(topic, count) : TopicDefinition.of(topic, count));
        }
        for (final String read : read(names)) {
            final String dlq = TopicNames.dlq(read);
            definitions.add(TopicDefinition.of(dlq, existing.getOrDefault(dlq, partitions)));
        }
        return List.copyOf(definitions);
    }

    private static Set<String> placed(final TopicNames names) {
        final List<String> placed = new ArrayList<>(List.of(names.consentEvents(), names.consentState(),
                names.dispatchDecisions(), names.dispatchDeliveries()));
        for (final Channel channel : TopicNames.sendableChannels()) {
            placed.add(names.outbound(channel));
        }
        return Set.copyOf(placed);
    }

    /** The topics whose unreadable records are dead-lettered: what the apps and the sender read. */
    private static List<String> read(final TopicNames names) {
        final List<String> read = new ArrayList<>(List.of(names.consentEvents(), names.consentPhoneEvents(),
                names.consentSettings(), names.messageRequests(), names.dispatchDeliveries()));
        for (final Channel channel : TopicNames.sendableChannels()) {
            read.add(names.outbound(channel));
        }
        return List.copyOf(read);
    }

    private static OptionalInt requestPartitions(final TopicNames names, final Map<String, Integer> existing) {
        final Integer requests = existing.get(names.messageRequests());
        return requests == null ? OptionalInt.empty() : OptionalInt.of(requests);
    }

    private static List<String> allNames(final TopicNames names) {
        final List<String> all = new ArrayList<>(names.all());
        read(names).forEach(read -> all.add(TopicNames.dlq(read)));
        return all;
    }

    private static Map<String, Integer> existingPartitions(final Admin admin, final List<String> topics) {
        try {
            final Set<String> listed = admin.listTopics().names().get(DESCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final List<String> present = topics.stream().filter(listed::contains).toList();
            final Map<String, Integer> partitions = new LinkedHashMap<>();
            if (!present.isEmpty()) {
                final Map<String, TopicDescription> descriptions =
                        admin.describeTopics(present).allTopicNames().get(DESCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                descriptions.forEach((name, description) -> partitions.put(name, description.partitions().size()));
            }
            return partitions;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not describe the contract topics: " + e.getMessage(), e);
        }
    }
}
