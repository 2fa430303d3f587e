package io.optgate.platform.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates the topics an app needs and checks the ones that exist. A missing topic is created as
 * defined (another instance creating it at the same moment is fine). Every topic is then checked:
 * a different partition count or cleanup policy is an error (keys would move between partitions;
 * compaction would drop events, or its absence would lose table semantics), reported for all
 * topics at once by {@link MismatchException}. Other differences (a lower replication factor,
 * another {@code retention.ms}) are logged as warnings, as operators may have tuned them.
 */
public final class TopicProvisioner {

    /** Default of the overall timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long RETRY_PAUSE_MILLIS = 100;

    private final Admin admin;
    private final Duration timeout;

    /** Uses {@code admin} (the caller closes it) with {@link #DEFAULT_TIMEOUT}. */
    public TopicProvisioner(final Admin admin) {
        this(admin, DEFAULT_TIMEOUT);
    }

    /** Uses {@code admin} (the caller closes it); the whole provisioning takes at most {@code timeout}. */
    public TopicProvisioner(final Admin admin, final Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** A setting of a topic that differs from its definition. */
    public record Mismatch(String topic, String setting, String expected, String actual) {
        /** {@code consent.state: partitions expected 6, actual 3}. */
        public String describe() {
            return topic + ": " + setting + " expected " + expected + ", actual " + actual;
        }
    }

    /** What {@link #provision} did. */
    public record Result(List<String> created, List<String> verified, List<Mismatch> warnings) {
        public Result {
            created = List.copyOf(created);
            verified = List.copyOf(verified);
            warnings = List.copyOf(warnings);
        }
    }

    /** Existing topics that differ from their definitions in partitions or cleanup policy. */
    public static final class MismatchException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        private final transient List<Mismatch> mismatches;

        MismatchException(final List<Mismatch> mismatches) {
            super(mismatches.stream().map(Mismatch::describe)
                    .collect(Collectors.joining("\n  - ", "Topics do not match their definitions:\n  - ", "")));
            this.mismatches = List.copyOf(mismatches);
        }

        /** Every mismatch, topic by topic. */
        public List<Mismatch> mismatches() {
            return mismatches;
        }
    }

    /**
     * Creates the missing topics and checks all of them.
     *
     * @throws MismatchException naming every topic whose partitions or cleanup policy differ
     * @throws IllegalStateException when Kafka refuses a creation or does not answer in time
     */
    public Result provision(final Collection<TopicDefinition> definitions) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Map<String, TopicDefinition> byName = new LinkedHashMap<>();
        for (final TopicDefinition definition : definitions) {
            if (byName.putIfAbsent(definition.name(), definition) != null) {
                throw new IllegalArgumentException("topic " + definition.name() + " is defined twice");
            }
        }
        final Set<String> existing = await(admin.listTopics().names(), deadline, "list topics");
        final List<String> created = create(byName.values().stream().filter(d -> !existing.contains(d.name())).toList(), deadline);
        final Map<String, TopicDescription> descriptions = describeTopics(byName.keySet(), deadline);
        final Map<String, Config> configs = describeConfigs(byName.keySet(), deadline);

        final List<Mismatch> errors = new ArrayList<>();
        final List<Mismatch> warnings = new ArrayList<>();
        for (final TopicDefinition definition : byName.values()) {
            compare(definition, descriptions.get(definition.name()), configs.get(definition.name()), errors, warnings);
        }
        warnings.forEach(warning -> LOG.warn("Topic differs from its definition (tolerated): {}", warning.describe()));
        if (!errors.isEmpty()) {
            throw new MismatchException(errors);
        }
        final List<String> verified = byName.keySet().stream().filter(name -> !created.contains(name)).toList();
        LOG.info("Topics ready: created {}, verified {}", created, verified);
        return new Result(created, verified, warnings);
    }

    private List<String> create(final List<TopicDefinition> missing, final long deadline) {
        if (missing.isEmpty()) {
            return List.of();
        }
        final List<NewTopic> newTopics = missing.stream()
                .map(d -> new NewTopic(d.name(), Optional.of(d.partitions()), d.replicationFactor()).configs(d.configs()))
                .toList();
        final Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
        final List<String> created = new ArrayList<>();
        for (final Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                await(result.getValue(), deadline, "create topic " + result.getKey());
                created.add(result.getKey());
            } catch (final CreationRaceException race) {
                LOG.info("Topic {} was created by another instance meanwhile", result.getKey());
            }
        }
        return created;
    }

    private Map<String, TopicDescription> describeTopics(final Collection<String> names, final long deadline) {
        while (true) {
            try {
                return await(admin.describeTopics(names).allTopicNames(), deadline, "describe topics " + names);
            } catch (final NotYetVisibleException e) {
                pause(deadline, "describe topics " + names);
            }
        }
    }

    private Map<String, Config> describeConfigs(final Collection<String> names, final long deadline) {
        final List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        while (true) {
            try {
                final Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), deadline,
                        "describe the configs of topics " + names);
                final Map<String, Config> byTopic = new LinkedHashMap<>();
                configs.forEach((resource, config) -> byTopic.put(resource.name(), config));
                return byTopic;
            } catch (final NotYetVisibleException e) {
                pause(deadline, "describe the configs of topics " + names);
            }
        }
    }

    private static void compare(final TopicDefinition definition, final TopicDescription description, final Config config,
                                final List<Mismatch> errors, final List<Mismatch> warnings) {
        final String name = definition.name();
        final int partitions = description.partitions().size();
        if (partitions != definition.partitions()) {
            errors.add(new Mismatch(name, "partitions", Integer.toString(definition.partitions()), Integer.toString(partitions)));
        }
        final String actualPolicy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
        if (!policies(definition.cleanupPolicy()).equals(policies(actualPolicy))) {
            errors.add(new Mismatch(name, TopicConfig.CLEANUP_POLICY_CONFIG, definition.cleanupPolicy(), actualPolicy));
        }
        definition.replicationFactor().ifPresent(expected -> {
            final int actual = description.partitions().get(0).replicas().size();
            if (actual < expected) {
                warnings.add(new Mismatch(name, "replication factor", expected.toString(), Integer.toString(actual)));
            }
        });
        definition.configs().forEach((key, expected) -> {
            if (!key.equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
                final String actual = value(config, key);
                if (!expected.equals(actual)) {
                    warnings.add(new Mismatch(name, key, expected, actual));
                }
            }
        });
    }

    private static String value(final Config config, final String key) {
        final ConfigEntry entry = config.get(key);
        return entry == null || entry.value() == null ? "(unset)" : entry.value();
    }

    private static Set<String> policies(final String policy) {
        return Arrays.stream(policy.split(","))
                .map(String::trim)
                .filter(part -> !part.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private <T> T await(final KafkaFuture<T> future, final long deadline, final String what) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                throw new CreationRaceException();
            }
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new NotYetVisibleException();
            }
            throw new IllegalStateException("Kafka refused to " + what + ": " + e.getCause(), e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("Kafka did not " + what + " within " + timeout, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        }
    }

    private void pause(final long deadline, final String what) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MILLIS) > deadline) {
            throw new IllegalStateException("Kafka did not " + what + " within " + timeout + ": topics not visible yet");
        }
        // A topic just created (here or by another instance) is not visible to every broker at once;
        // the admin API has no "wait until visible", so retry after a pause, bounded by the deadline.
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        }
    }

    /** Another instance created the topic between our listing and our creation. */
    private static final class CreationRaceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CreationRaceException() {
            super(null, null, false, false);
        }
    }

    /** A topic just created is not yet known to the broker we asked. */
    private static final class NotYetVisibleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotYetVisibleException() {
            super(null, null, false, false);
        }
    }
}
