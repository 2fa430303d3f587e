package io.optgate.local.topics;

import io.optgate.consent.app.ConsentConfig;
import io.optgate.consent.app.ConsentTopics;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.dispatcher.app.DispatcherTopics;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.topics.TopicNames;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both apps create the shared topics, and whichever starts first must not decide a layout the other
 * then refuses: they read one table of contract topics with one partition rule.
 */
@RealKafka
class SharedTopicLayoutBrokerTest {

    @Test
    void consentStreamsStartingAfterTheDispatcherAdoptsItsPartitionCount(final KafkaCluster kafka) throws Exception {
        final String prefix = "layout-dispatcher-first.";
        kafka.createTopic(prefix + TopicNames.MESSAGE_REQUESTS, 4);
        try (Admin admin = kafka.createAdmin()) {
            final int dispatcher = DispatcherTopics.provision(admin, DispatcherConfig.from(Env.of(env(kafka, prefix, 6))));
            final int consent = ConsentTopics.provision(admin, ConsentConfig.from(Env.of(env(kafka, prefix, 6))));

            assertThat(dispatcher).isEqualTo(4);
            assertThat(consent).isEqualTo(4);
            assertThat(layout(admin, prefix)).containsEntry(prefix + TopicNames.CONSENT_EVENTS, "4 delete")
                    .containsEntry(prefix + TopicNames.CONSENT_STATE, "4 compact");
        }
    }

    @Test
    void theDispatcherStartingAfterConsentStreamsFindsTheSameLayoutWhateverItsOwnSetting(final KafkaCluster kafka) throws Exception {
        final String first = "layout-consent-first.";
        final String second = "layout-dispatcher-alone.";
        try (Admin admin = kafka.createAdmin()) {
            ConsentTopics.provision(admin, ConsentConfig.from(Env.of(env(kafka, first, 3))));
            DispatcherTopics.provision(admin, DispatcherConfig.from(Env.of(env(kafka, first, 5))));
            DispatcherTopics.provision(admin, DispatcherConfig.from(Env.of(env(kafka, second, 3))));
            ConsentTopics.provision(admin, ConsentConfig.from(Env.of(env(kafka, second, 5))));

            final Map<String, String> consentFirst = withoutPrefix(layout(admin, first), first);
            final Map<String, String> dispatcherFirst = withoutPrefix(layout(admin, second), second);
            assertThat(consentFirst).as("every contract topic, whichever app created it")
                    .containsKeys(TopicNames.defaults().all().toArray(String[]::new))
                    .isEqualTo(dispatcherFirst);
            assertThat(consentFirst.values()).allSatisfy(shape -> assertThat(shape).startsWith("3 "));
        }
    }

    private static Map<String, String> env(final KafkaCluster kafka, final String prefix, final int partitions) {
        final Map<String, String> env = new HashMap<>(TopicNames.prefixedVariables(prefix));
        env.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        env.put(CommonConfig.SCHEMA_REGISTRY_URL, "mock://" + prefix);
        env.put(CommonConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
        return env;
    }

    /** Partitions and cleanup policy of every topic under {@code prefix}. */
    private static Map<String, String> layout(final Admin admin, final String prefix) throws Exception {
        final List<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith(prefix)).toList();
        final Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        final Map<String, String> layout = new TreeMap<>();
        for (final String name : names) {
            final String policy = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, name))).all()
                    .get(30, TimeUnit.SECONDS).values().iterator().next().get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            layout.put(name, descriptions.get(name).partitions().size() + " " + policy);
        }
        return layout;
    }

    private static Map<String, String> withoutPrefix(final Map<String, String> layout, final String prefix) {
        final Map<String, String> plain = new TreeMap<>();
        layout.forEach((name, shape) -> plain.put(name.substring(prefix.length()), shape));
        return plain;
    }
}
