package io.optgate.dispatcher.app;

import io.optgate.platform.topics.TopicDefinition;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicProvisioner;
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

/**
 * Creates or verifies, at start-up, every topic the dispatcher reads or writes.
 *
 * <p>{@code consent.state}, {@code dispatch.deliveries} and every {@code dispatch.*} topic get one
 * partition count: the one the existing ones share, else that of {@code message.requests}, else
 * {@code OPTGATE_TOPIC_PARTITIONS} ({@link CoPartitioning}). An existing {@code message.requests}
 * keeps its count even when it differs (a warning; its requests are re-routed to their consent). Topics read whole by every instance
 * ({@code consent.settings}, {@code consent.phone-state}), the stats topic and dead-letter topics
 * keep whatever count they have, and are created with that count when missing. Internal topics
 * (repartition, changelog) are Kafka Streams' own business.
 */
public final class DispatcherTopics {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherTopics.class);
    private static final long DESCRIBE_TIMEOUT_SECONDS = 30;

    private DispatcherTopics() {
    }

    /**
     * Checks co-partitioning, then creates the missing topics and verifies the others.
     *
     * @return the dispatcher's partition count, that of {@code consent.state}: pass it on with
     *         {@link DispatcherConfig#withPartitions}
     * @throws CoPartitioning.MismatchException when {@code consent.state} and {@code dispatch.deliveries} differ
     * @throws TopicProvisioner.MismatchException when an existing topic differs from its definition
     */
    public static int provision(final Admin admin, final DispatcherConfig config, final List<DispatcherExtension> extensions) {
        final TopicNames names = config.topics();
        final Map<String, Integer> existing = existingPartitions(admin, allNames(names));
        final Map<String, Integer> joined = new LinkedHashMap<>();
        for (final String topic : List.of(names.consentState(), names.dispatchDeliveries())) {
            if (existing.containsKey(topic)) {
                joined.put(topic, existing.get(topic));
            }
        }
        final OptionalInt requests = existing.containsKey(names.messageRequests())
                ? OptionalInt.of(existing.get(names.messageRequests()))
                : OptionalInt.empty();
        final int partitions = CoPartitioning.partitions(joined, requests, config.partitions());
        CoPartitioning.requestsWarning(names.messageRequests(), requests, partitions)
                .ifPresent(warning -> LOG.warn("dispatcher: {}", warning));
        final List<TopicDefinition> definitions = new ArrayList<>(definitions(names, partitions, existing));
        for (final DispatcherExtension extension : extensions) {
            definitions.addAll(extension.topics(names, partitions));
        }
        new TopicProvisioner(admin).provision(definitions);
        return partitions;
    }

    /**
     * The definitions of the dispatcher's topics.
     *
     * @param partitions the dispatcher's partition count
     * @param existing   partition counts of topics that exist, by name
     */
    static List<TopicDefinition> definitions(final TopicNames names, final int partitions, final Map<String, Integer> existing) {
        final List<TopicDefinition> definitions = new ArrayList<>();
        definitions.add(TopicDefinition.of(names.messageRequests(), existing.getOrDefault(names.messageRequests(), partitions)));
        definitions.add(TopicDefinition.compacted(names.consentState(), partitions));
        definitions.add(TopicDefinition.of(names.dispatchDecisions(), partitions));
        for (final Channel channel : TopicNames.sendableChannels()) {
            definitions.add(TopicDefinition.of(names.outbound(channel), partitions));
        }
        definitions.add(TopicDefinition.of(names.dispatchDeliveries(), partitions));
        definitions.add(TopicDefinition.compacted(names.consentSettings(), existing.getOrDefault(names.consentSettings(), partitions)));
        definitions.add(TopicDefinition.compacted(names.consentPhoneState(), existing.getOrDefault(names.consentPhoneState(), partitions)));
        // Global stores too (one owner per sending number, the practices of a number): any partition count.
        definitions.add(TopicDefinition.compacted(names.consentSendingNumbers(), existing.getOrDefault(names.consentSendingNumbers(), partitions)));
        definitions.add(TopicDefinition.compacted(names.consentPhonePractices(), existing.getOrDefault(names.consentPhonePractices(), partitions)));
        definitions.add(TopicDefinition.compacted(names.dispatchTextedNumbers(), existing.getOrDefault(names.dispatchTextedNumbers(), partitions)));
        definitions.add(TopicDefinition.of(names.dispatchStats(), existing.getOrDefault(names.dispatchStats(), partitions)));
        for (final String read : List.of(names.messageRequests(), names.dispatchDeliveries())) {
            final String dlq = TopicNames.dlq(read);
            definitions.add(TopicDefinition.of(dlq, existing.getOrDefault(dlq, partitions)));
        }
        return definitions;
    }

    private static List<String> allNames(final TopicNames names) {
        final List<String> all = new ArrayList<>(names.all());
        all.add(TopicNames.dlq(names.messageRequests()));
        all.add(TopicNames.dlq(names.dispatchDeliveries()));
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
            throw new IllegalStateException("could not describe the dispatcher's topics: " + e.getMessage(), e);
        }
    }
}
