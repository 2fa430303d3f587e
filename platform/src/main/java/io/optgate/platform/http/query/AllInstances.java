package io.optgate.platform.http.query;

import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers a request about data whose key the request cannot compute (the store is keyed by
 * something the caller does not send), so that no instance can be picked: asks this instance's
 * part of the store and every other instance that hosts an active part of it, one after the
 * other, and returns the first answer that is not 404. When none found it: 404 if every part
 * answered 404, otherwise the first failure (503 {@code STORE_NOT_READY}, the forwarder's
 * 503/504), because a part that could not answer may hold the data.
 *
 * <p>The requests sent to the other instances carry {@value #PART_HEADER} (and
 * {@link OwnerForwarder#FORWARDED_HEADER}); an instance receiving one answers from its own part
 * only, so the scatter is never repeated. {@link #isPart(Request)} tells a handler that it is
 * answering one part, for handlers that do more than this query.
 *
 * <p>Only while the app is RUNNING: while it rebalances or restores, a part may be missing from
 * every instance and a 404 could be wrong, so the answer is 503 {@code STORE_NOT_READY}.
 */
public final class AllInstances {

    /** Set on the requests sent to the other instances: answer from this instance's part only. */
    public static final String PART_HEADER = "X-Optgate-Part";

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** Which instances host an active part of a store right now. */
    @FunctionalInterface
    public interface Hosts {
        /** The hosts of {@code store}; empty while that is not known (the app is not running). */
        Optional<Placement> locate(String store);
    }

    /**
     * Where a store's active parts are.
     *
     * @param here   whether this instance hosts some
     * @param others the other instances that do
     */
    public record Placement(boolean here, List<HostInfo> others) {
        public Placement {
            others = List.copyOf(others);
        }
    }

    /** Answers from this instance's part of the store (all its local partitions). */
    @FunctionalInterface
    public interface LocalPart {
        /** The answer, or 404 (an {@link ApiException} or a response) when this part does not hold the data. */
        Response query() throws Exception;
    }

    private final Hosts hosts;
    private final OwnerForwarder forwarder;

    public AllInstances(final Hosts hosts, final OwnerForwarder forwarder) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
    }

    /**
     * For a Kafka Streams app; {@code self} is its {@code application.server}, empty for a single
     * instance (then this instance is taken to host every part, as {@link StreamsKeyOwnerLookup} does).
     */
    public static AllInstances forStreams(final KafkaStreams streams, final Optional<HostInfo> self) {
        return new AllInstances(store -> streamsPlacement(streams, self, store), OwnerForwarder.create());
    }

    static Optional<Placement> streamsPlacement(final KafkaStreams streams, final Optional<HostInfo> self, final String store) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        if (self.isEmpty()) {
            return Optional.of(new Placement(true, List.of()));
        }
        boolean here = false;
        final List<HostInfo> others = new ArrayList<>();
        for (final StreamsMetadata metadata : streams.streamsMetadataForStore(store)) {
            // Hosts with only a standby of the store are left out: they answer active parts only.
            if (!metadata.stateStoreNames().contains(store)) {
                continue;
            }
            if (metadata.hostInfo().equals(self.get())) {
                here = true;
            } else {
                others.add(metadata.hostInfo());
            }
        }
        return Optional.of(new Placement(here, others));
    }

    /** Whether {@code request} asks for one instance's part only (it was sent by another instance's scatter). */
    public static boolean isPart(final Request request) {
        return request.header(PART_HEADER).isPresent();
    }

    /**
     * The first answer to {@code request} that is not 404, from this instance's part of
     * {@code store} or another instance's; see the class documentation for the rest.
     */
    public Response first(final Request request, final String store, final LocalPart local) throws Exception {
        final Optional<Placement> placement = hosts.locate(store);
        if (placement.isEmpty()) {
            return notReady("the app is starting, rebalancing or restoring");
        }
        if (isPart(request)) {
            return placement.get().here() ? localAnswer(local) : notReady("the data is moving between instances");
        }
        final Outcome outcome = new Outcome();
        if (placement.get().here() && outcome.found(localAnswer(local))) {
            return outcome.answer();
        }
        for (final HostInfo host : placement.get().others()) {
            if (outcome.found(ask(request, host))) {
                return outcome.answer();
            }
        }
        return outcome.answer();
    }

    /** The answers so far: the first found, else the first failure, else the first 404. */
    private static final class Outcome {
        private Response found;
        private Response failure;
        private Response notFound;

        boolean found(final Response answer) {
            if (answer.status() / 100 == 2) {
                found = answer;
            } else if (answer.status() == 404) {
                notFound = notFound == null ? answer : notFound;
            } else {
                failure = failure == null ? answer : failure;
            }
            return found != null;
        }

        Response answer() {
            if (found != null) {
                return found;
            }
            if (failure != null) {
                return failure;
            }
            return notFound != null ? notFound : notReady("no instance hosts the store yet");
        }
    }

    private Response ask(final Request request, final HostInfo host) throws InterruptedException {
        try {
            return forwarder.forward(request, host, Map.of(PART_HEADER, "1"));
        } catch (final ApiException e) {
            return Response.error(e);
        }
    }

    private static Response localAnswer(final LocalPart local) throws Exception {
        try {
            return local.query();
        } catch (final InvalidStateStoreException e) {
            return notReady("the store is not ready on this instance");
        } catch (final ApiException e) {
            return Response.error(e);
        }
    }

    private static Response notReady(final String reason) {
        return Response.error(ApiException.serviceUnavailable(
                InteractiveQueries.STORE_NOT_READY, reason + "; try again shortly", RETRY_AFTER));
    }
}
