package io.optgate.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** What the extension says when a test asks for something it cannot have. */
class KafkaClusterExtensionTest {

    @Test
    void askingToKillBrokersOfAnInProcessClusterPointsToSeparateProcesses() {
        final Events events = run(WantsToKillAnInProcessBroker.class);

        events.assertThatEvents().haveExactly(1, finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(text -> text.contains("@RealKafka(separateProcesses = true)"))));
    }

    @Test
    void aClusterWithoutNodesIsRefused() {
        final Events events = run(WantsNoNodes.class);

        events.assertThatEvents().haveExactly(1, finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(text -> text.contains("at least one node"))));
    }

    @Test
    void theAnnotationIsFoundOnTheEnclosingClassOfNestedTests() {
        final Events events = run(EnclosesANestedTest.Inner.class);

        events.assertThatEvents().haveExactly(1, finishedWithFailure(message(text ->
                text.contains(EnclosesANestedTest.class.getName() + " with @RealKafka"))));
    }

    private static Events run(final Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    /** Run only through the engine test kit above (Surefire skips nested classes). */
    @RealKafka
    static class WantsToKillAnInProcessBroker {
        @Test
        void kill(final ProcessKafkaCluster kafka) {
            kafka.killBroker(1);
        }
    }

    /** Run only through the engine test kit above. */
    @RealKafka
    static class EnclosesANestedTest {
        @Nested
        class Inner {
            @Test
            void kill(final ProcessKafkaCluster kafka) {
                kafka.killBroker(1);
            }
        }
    }

    /** Run only through the engine test kit above. */
    @RealKafka(nodes = 0)
    static class WantsNoNodes {
        @Test
        void use(final KafkaCluster kafka) {
            kafka.bootstrapServers();
        }
    }
}
