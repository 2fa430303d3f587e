package io.optgate.testing;

import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link RealKafka}: resolves {@link KafkaCluster} and
 * {@link ProcessKafkaCluster} parameters of test methods, lifecycle methods and constructors.
 *
 * <ul>
 *   <li>Default ({@code separateProcesses = false}): one cluster per node count for the whole test
 *       JVM, kept in the root extension store and closed when the test run ends. It is
 *       {@link KafkaClusters#preferred(int)}: in-process, or Testcontainers when Docker is there.
 *   <li>{@code separateProcesses = true}: a {@link KafkaClusters#separateProcesses(int) cluster of
 *       separate JVMs} for the annotated class (and its {@code @Nested} classes), closed after it.
 * </ul>
 *
 * <p>Registered by {@link RealKafka}; registering it directly with {@code @ExtendWith} means
 * {@code @RealKafka(nodes = 1)}.
 */
public final class KafkaClusterExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(KafkaClusterExtension.class);

    /** Settings in effect for a test, and the context of the class they come from. */
    private record Settings(int nodes, boolean separateProcesses, ExtensionContext owner, String source) {
    }

    /** Creates the extension; JUnit does this. */
    public KafkaClusterExtension() {
        // Stateless: clusters live in JUnit's extension stores.
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext) {
        final Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaCluster.class || type == ProcessKafkaCluster.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext) {
        final Settings settings = settingsFor(extensionContext);
        if (settings.nodes() < 1) {
            throw new ParameterResolutionException("@RealKafka(nodes = " + settings.nodes() + ") on " + settings.source()
                    + ": a cluster needs at least one node");
        }
        final boolean killable = parameterContext.getParameter().getType() == ProcessKafkaCluster.class;
        if (killable && !settings.separateProcesses()) {
            throw new ParameterResolutionException("A ProcessKafkaCluster parameter needs separate broker processes: annotate "
                    + settings.source() + " with @RealKafka(separateProcesses = true), or ask for a KafkaCluster");
        }
        final StartOnce holder = settings.separateProcesses()
                ? settings.owner().getStore(NAMESPACE).getOrComputeIfAbsent("separate-processes-" + settings.nodes(),
                        key -> new StartOnce("Kafka (" + settings.nodes() + " separate processes) for " + settings.source(),
                                () -> KafkaClusters.separateProcesses(settings.nodes())),
                        StartOnce.class)
                : extensionContext.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("shared-" + settings.nodes(),
                        key -> new StartOnce("Shared Kafka (" + settings.nodes() + " node(s))",
                                () -> KafkaClusters.preferred(settings.nodes())),
                        StartOnce.class);
        try {
            return holder.get();
        } catch (final RuntimeException e) {
            throw new ParameterResolutionException("No Kafka cluster for " + settings.source() + ": " + e.getMessage(), e);
        }
    }

    /** The nearest class (walking out through {@code @Nested} classes) annotated with {@link RealKafka}. */
    private static Settings settingsFor(final ExtensionContext context) {
        ExtensionContext outermostClass = context;
        Optional<ExtensionContext> current = Optional.of(context);
        while (current.isPresent()) {
            final ExtensionContext candidate = current.get();
            if (candidate.getElement().orElse(null) instanceof Class<?> type) {
                final Optional<RealKafka> annotation = AnnotationSupport.findAnnotation(type, RealKafka.class);
                if (annotation.isPresent()) {
                    return new Settings(annotation.get().nodes(), annotation.get().separateProcesses(), candidate, type.getName());
                }
                outermostClass = candidate;
            }
            current = candidate.getParent();
        }
        return new Settings(1, false, outermostClass, context.getRequiredTestClass().getName());
    }
}
