package io.optgate.consent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.optgate.consent.rules.ConsentRules;
import io.optgate.platform.contract.Identifiers;
import io.optgate.consent.rules.Outcome;
import io.optgate.consent.rules.Practice;
import io.optgate.consent.rules.Rejection;
import io.optgate.consent.topology.ConsentStores;
import io.optgate.consent.topology.ProcessedEvent;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Principal;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentEvidence;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.FrequencyCapSetting;
import io.optgate.schema.PreferenceConsentChanged;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The consent HTTP API of CONTRACT.md, answered from the app's own state stores.
 *
 * <p>Every practice's data lives in the task that owns its {@code tenantId}, so each request is
 * answered by the instance owning the practice ({@link InteractiveQueries} forwards it there when
 * it reaches another instance). A PUT checks the change against the current state with the same
 * {@link ConsentRules} the topology applies (a refusal is answered at once and writes nothing),
 * publishes it, and waits (default 5 s) until the topology has applied it; the answer is then the
 * resulting state. When the wait runs out the answer is 504 and the change still applies later.
 */
public final class ConsentApi {

    /** Default of how many notes one GET returns; {@code ?limit=} asks for up to {@value #MAX_NOTES}. */
    public static final int DEFAULT_NOTES = 200;
    /** The largest {@code ?limit=} of the notes. */
    public static final int MAX_NOTES = 5000;

    private static final StringSerializer STRINGS = new StringSerializer();
    private static final Duration POLL = Duration.ofMillis(15);

    private final InteractiveQueries queries;
    private final ConsentReads reads;
    private final ConsentPublisher publisher;
    private final ConsentRules rules;
    private final SendingNumberGuard numbers;
    private final ClientsByPhone byPhone;
    private final ConsentHistory history;
    private final Duration putTimeout;
    private final Clock clock;

    /**
     * @param queries    routes each request to the instance owning the practice
     * @param stores     this instance's consent stores
     * @param publisher  where accepted changes are written
     * @param rules      the same rules the topology applies
     * @param putTimeout how long a PUT waits for its change to be applied (contract default 5 s)
     * @param clock      the time changes are stamped with
     */
    public ConsentApi(final InteractiveQueries queries, final StoreAccess stores, final ConsentPublisher publisher,
                      final ConsentRules rules, final Duration putTimeout, final Clock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.reads = new ConsentReads(stores);
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.numbers = new SendingNumberGuard(stores, publisher, putTimeout);
        this.byPhone = new ClientsByPhone(queries, reads);
        this.history = new ConsentHistory(queries, reads, rules.marketingConfirmationTtl(), clock);
        this.putTimeout = Objects.requireNonNull(putTimeout, "putTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The consent routes, every one tenant-scoped (bearer key of the practice or a support key). */
    public Routes routes() {
        return Routes.builder()
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/clients", request -> byPhone.answer(request, tenant(request)))
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/sms-consent", this::getSmsConsent)
                .tenant(HttpMethod.PUT, "/v1/tenants/{t}/clients/{c}/sms-consent", this::putSmsConsent)
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/notes", this::getNotes)
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/consent-history", request -> history.answer(request, tenant(request), client(request)))
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/communication-settings", this::getSettings)
                .tenant(HttpMethod.PUT, "/v1/tenants/{t}/communication-settings", this::putSettings)
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/communication-preferences", this::getPreferences)
                .tenant(HttpMethod.PUT, "/v1/tenants/{t}/communication-preferences/{p}", this::putPreference)
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/communication-preferences", this::getClientPreferences)
                .tenant(HttpMethod.PUT, "/v1/tenants/{t}/clients/{c}/communication-preferences/{p}", this::putClientPreference)
                .build();
    }

    // --- SMS consent --------------------------------------------------------------------------------

    private Response getSmsConsent(final Request request) throws Exception {
        final String tenantId = tenant(request);
        final String clientId = client(request);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition ->
                Response.ok(Views.SmsConsent.of(tenantId, clientId,
                        reads.client(partition, Identifiers.clientKey(tenantId, clientId)).orElse(null),
                        rules.marketingConfirmationTtl())));
    }

    private Response putSmsConsent(final Request request) throws Exception {
        final String tenantId = tenant(request);
        final String clientId = client(request);
        final Body body = Body.of(request);
        final SmsLevel level = body.requiredEnum("level", SmsLevel.class, "INVALID_LEVEL");
        final Optional<String> phone = body.phone("phone");
        final boolean clientRequestedOptIn = body.bool("clientRequestedOptIn").orElse(false);
        final Optional<String> timeZone = body.text("timeZone", "INVALID_TIME_ZONE");
        if (timeZone.isPresent() && !Identifiers.isIanaTimeZone(timeZone.get())) {
            throw ApiException.badRequest("INVALID_TIME_ZONE", "'timeZone' must be an IANA time zone id such as America/Chicago");
        }
        final Optional<String> eventId = body.eventId();
        final ConsentEvidence evidence = body.evidence().orElse(null);
        final Actor actor = actor(request.principal(), body);
        final String clientKey = Identifiers.clientKey(tenantId, clientId);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition -> {
            final ConsentEvent event = new ConsentEvent(eventId.orElseGet(ConsentApi::newEventId), tenantId, clientId,
                    now(), actor, SmsLevelRequested.newBuilder().setLevel(level).setClientRequestedOptIn(clientRequestedOptIn)
                            .setPhone(phone.orElse(null)).setTimeZone(timeZone.orElse(null)).build(), evidence);
            final Optional<ConsentState> before = reads.client(partition, clientKey);
            final Optional<Rejection> refused = decide(partition, event);
            final Optional<ConsentState> after = reads.client(partition, clientKey);
            if (refused.isPresent()) {
                throw Refusals.toApiException(Refusals.withWhatWasSaved(refused.get(), before, after));
            }
            return Response.ok(Views.SmsConsent.of(tenantId, clientId, after.orElse(null), rules.marketingConfirmationTtl()));
        });
    }

    private Response getNotes(final Request request) throws Exception {
        final String tenantId = tenant(request);
        final String clientId = client(request);
        final int limit = limit(request);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition ->
                Response.ok(new Views.Notes(tenantId, clientId, reads.notes(partition, Identifiers.clientKey(tenantId, clientId), limit)
                        .stream().map(Views.Note::of).toList())));
    }

    // --- practice settings and preference definitions ---------------------------------------------------

    private Response getSettings(final Request request) throws Exception {
        final String tenantId = tenant(request);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition ->
                Response.ok(Views.Settings.of(tenantId, reads.setting(partition, tenantId).orElse(null))));
    }

    private Response putSettings(final Request request) throws Exception {
        final String tenantId = tenant(request);
        final Body body = Body.of(request);
        final boolean enabled = body.requiredBool("enabled");
        final Optional<Integer> validity = body.integer("defaultValidityDays");
        if (validity.isPresent() && validity.get() < 1) {
            throw ApiException.unprocessable("INVALID_REQUEST", "'defaultValidityDays' must be at least 1");
        }
        final String guidelines = body.text("guidelines", "INVALID_REQUEST").orElse(null);
        final String confirmation = body.text("marketingConfirmationText", "INVALID_REQUEST").orElse(null);
        final String helpText = body.text("helpText", "INVALID_REQUEST").orElse(null);
        final String practiceName = body.text("practiceName", "INVALID_REQUEST").orElse(null);
        final String stopReply = body.text("stopReplyText", "INVALID_REQUEST").orElse(null);
        final String startReply = body.text("startReplyText", "INVALID_REQUEST").orElse(null);
        final String timeZone = body.text("timeZone", "INVALID_TIME_ZONE").orElse(null);
        if (timeZone != null && !Identifiers.isIanaTimeZone(timeZone)) {
            throw ApiException.badRequest("INVALID_TIME_ZONE", "'timeZone' must be an IANA time zone id such as America/New_York");
        }
        final String windowStart = body.text("sendingWindowStart", "INVALID_SENDING_WINDOW").orElse(null);
        final String windowEnd = body.text("sendingWindowEnd", "INVALID_SENDING_WINDOW").orElse(null);
        if (!Identifiers.isSendingWindow(windowStart, windowEnd)) {
            throw ApiException.badRequest("INVALID_SENDING_WINDOW",
                    "'sendingWindowStart' and 'sendingWindowEnd' are times of day as HH:mm, the start before the end");
        }
        final List<FrequencyCapSetting> frequencyCaps = FrequencyCapsBody.read(body.node("frequencyCaps"));
        // Absent keeps the current sending number; an explicit null clears it (support only).
        final boolean namesNumber = body.node("smsFrom") != null;
        final Optional<String> smsFrom = body.phone("smsFrom");
        final Principal principal = request.principal();
        final Actor actor = settingsActor(principal);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition -> {
            final Optional<String> current = reads.setting(partition, tenantId)
                    .filter(stored -> stored.getSetting() instanceof CommunicationSettings)
                    .map(stored -> ((CommunicationSettings) stored.getSetting()).getSmsFrom());
            final Optional<String> wanted = namesNumber ? smsFrom : current;
            final Instant now = now();
            numbers.claim(principal, tenantId, current, wanted, now);
            final ConsentSetting setting = new ConsentSetting(tenantId, new CommunicationSettings(enabled,
                    validity.orElse(null), guidelines, wanted.orElse(null), confirmation, helpText, practiceName, stopReply,
                    startReply, frequencyCaps, timeZone, windowStart, windowEnd), now, actor);
            publishSetting(partition, tenantId, setting);
            numbers.releaseReplaced(tenantId, current, wanted, now);
            return Response.ok(Views.Settings.of(tenantId, reads.setting(partition, tenantId).orElse(setting)));
        });
    }

    private Response getPreferences(final Request request) throws Exception {
        final String tenantId = tenant(request);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition -> {
            final List<PreferenceDefinition> all = sorted(reads.practice(partition, tenantId));
            return Response.ok(new Views.Preferences(
                    all.stream().filter(PreferenceDefinition::getActive).map(Views.Preference::of).toList(),
                    all.stream().filter(definition -> !definition.getActive()).map(Views.Preference::of).toList()));
        });
    }

    private Response putPreference(final Request request) throws Exception {
        final String tenantId = tenant(request);
        final String preferenceId = preferenceId(request);
        final Body body = Body.of(request);
        final String name = body.requiredText("name", "INVALID_REQUEST");
        final List<Channel> channels = channels(body.node("channels"));
        final PreferenceDefinition definition = new PreferenceDefinition(preferenceId, name, channels,
                body.requiredBool("active"), body.requiredBool("editable"), body.text("description", "INVALID_REQUEST").orElse(null),
                body.optionalEnum("descriptionDisplay", DescriptionDisplay.class, "INVALID_REQUEST").orElse(DescriptionDisplay.SHOW_ON_HOVER));
        final Actor actor = settingsActor(request.principal());
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition -> {
            final ConsentSetting setting = new ConsentSetting(tenantId, definition, now(), actor);
            publishSetting(partition, Identifiers.preferenceKey(tenantId, preferenceId), setting);
            return Response.ok(Views.Preference.of(definition));
        });
    }

    // --- a client's communication preferences ---------------------------------------------------------

    private Response getClientPreferences(final Request request) throws Exception {
        final String tenantId = tenant(request);
        final String clientId = client(request);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition ->
                Response.ok(clientPreferences(partition, tenantId, clientId)));
    }

    private Response putClientPreference(final Request request) throws Exception {
        final String tenantId = tenant(request);
        final String clientId = client(request);
        final String preferenceId = preferenceId(request);
        final Body body = Body.of(request);
        final Body channels = Body.of(body.node("channels"), "channels");
        final Map<Channel, Body> grants = new LinkedHashMap<>();
        for (final String channelName : channels.fieldNames()) {
            grants.put(Body.parseEnum(channelName, "channels", Channel.class, "INVALID_CHANNEL", Set.of(Channel.UNKNOWN)),
                    Body.of(channels.node(channelName), "channels." + channelName));
        }
        if (grants.isEmpty()) {
            throw ApiException.unprocessable("INVALID_REQUEST", "'channels' must name at least one channel");
        }
        final Optional<String> eventId = body.eventId();
        final ConsentEvidence evidence = body.evidence().orElse(null);
        final Actor actor = actor(request.principal(), body);
        final List<PreferenceConsentChanged> changes = new ArrayList<>();
        grants.forEach((channel, grant) -> changes.add(new PreferenceConsentChanged(preferenceId, channel,
                grant.requiredBool("granted"), grant.instant("validUntil").orElse(null))));
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition -> {
            final Instant now = now();
            final String baseId = eventId.orElseGet(ConsentApi::newEventId);
            final List<ConsentEvent> events = new ArrayList<>();
            for (final PreferenceConsentChanged change : changes) {
                final String id = changes.size() == 1 ? baseId : baseId + ":" + change.getChannel().name();
                events.add(new ConsentEvent(id, tenantId, clientId, now, actor, change, evidence));
            }
            for (final ConsentEvent event : events) {
                check(partition, event);
            }
            for (final ConsentEvent event : events) {
                apply(partition, event);
            }
            return Response.ok(clientPreferences(partition, tenantId, clientId));
        });
    }

    private Views.ClientPreferences clientPreferences(final int partition, final String tenantId, final String clientId) {
        final Practice practice = reads.practice(partition, tenantId);
        final Map<String, Map<String, PreferenceGrant>> grants = reads.client(partition, Identifiers.clientKey(tenantId, clientId))
                .map(ConsentState::getPreferences).orElse(Map.of());
        final Instant now = now();
        final List<Views.ClientPreference> preferences = new ArrayList<>();
        final Set<String> listed = new HashSet<>();
        for (final PreferenceDefinition definition : sorted(practice)) {
            listed.add(definition.getPreferenceId());
            preferences.add(clientPreference(definition.getPreferenceId(), definition.getName(), definition.getActive(),
                    definition.getEditable(), grants.getOrDefault(definition.getPreferenceId(), Map.of()), now));
        }
        grants.keySet().stream().filter(id -> !listed.contains(id)).sorted().forEach(id ->
                preferences.add(clientPreference(id, id, false, false, grants.get(id), now)));
        return new Views.ClientPreferences(tenantId, clientId, practice.preferencesEnabled(), preferences);
    }

    private static Views.ClientPreference clientPreference(final String id, final String name, final boolean active, final boolean editable,
                                                           final Map<String, PreferenceGrant> grants, final Instant now) {
        final Map<String, Views.Grant> channels = new LinkedHashMap<>();
        grants.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> channels.put(entry.getKey(), Views.Grant.of(entry.getValue(), active, now)));
        return new Views.ClientPreference(id, name, active, editable, channels);
    }

    // --- applying a change ------------------------------------------------------------------------

    /**
     * Refuses the event if the rules would, publishes it unless it was processed already, and waits
     * until the topology has processed it; a refusal by the topology (the state moved meanwhile)
     * is answered like one found beforehand.
     */
    private void apply(final int partition, final ConsentEvent event) {
        final Optional<Rejection> rejection = decide(partition, event);
        if (rejection.isPresent()) {
            throw Refusals.toApiException(rejection.get());
        }
    }

    /**
     * As {@link #apply}, but a refusal by the topology is returned: the event was published, and
     * the topology may have applied part of it (a level request's number, when the number replied
     * STOP after the check).
     */
    private Optional<Rejection> decide(final int partition, final ConsentEvent event) {
        final String processedKey = ConsentStores.processedEventKey(event.getTenantId(), event.getEventId());
        Optional<ProcessedEvent> processed = reads.processed(partition, processedKey);
        if (processed.isEmpty()) {
            check(partition, event);
            publisher.publish(event);
            processed = await(() -> reads.processed(partition, processedKey));
        }
        return processed.get().rejection();
    }

    private void check(final int partition, final ConsentEvent event) {
        final String clientKey = Identifiers.clientKey(event.getTenantId(), event.getClientId());
        final Outcome dryRun = rules.onClientEvent(reads.client(partition, clientKey), event,
                reads.practice(partition, event.getTenantId()), reads.suppressed(partition, event.getTenantId()), now());
        if (dryRun.rejection().isPresent()) {
            throw Refusals.toApiException(dryRun.rejection().get());
        }
    }

    private void publishSetting(final int partition, final String key, final ConsentSetting setting) {
        publisher.publish(key, setting);
        await(() -> reads.setting(partition, key).filter(stored -> stored.equals(setting)
                || stored.getUpdatedAt().isAfter(setting.getUpdatedAt())));
    }

    private <T> Optional<T> await(final Supplier<Optional<T>> probe) {
        final long deadline = System.nanoTime() + putTimeout.toNanos();
        while (true) {
            final Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw ApiException.gatewayTimeout("NOT_APPLIED_IN_TIME",
                        "the change is stored but was not applied within " + putTimeout.toMillis() + " ms; it will apply");
            }
            // The change is applied by a stream thread, possibly on the next commit; polling the
            // local store at a short interval, bounded by the PUT timeout, is the whole protocol.
            try {
                Thread.sleep(POLL.toMillis());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.serviceUnavailable("SHUTTING_DOWN", "the server is stopping; the change is stored", Duration.ofSeconds(1));
            }
        }
    }

    // --- request parts ----------------------------------------------------------------------------

    /**
     * The actor to record: the type the caller may claim (SUPPORT from a support key, always; SYSTEM
     * never), the id given (a support key's own id otherwise) and the display name given.
     */
    private static Actor actor(final Principal principal, final Body body) {
        if (!body.has("actor")) {
            throw ApiException.unprocessable("INVALID_ACTOR", "'actor' is required: {\"type\": \"STAFF\", \"id\": ..., \"name\": ...}");
        }
        final Body actor = Body.of(body.node("actor"), "actor");
        final ActorType requested = actor.requiredEnum("type", ActorType.class, "INVALID_ACTOR");
        final ActorType recorded = principal.actorTypeFor(requested);
        final Optional<String> id = actor.text("id", "INVALID_ACTOR").filter(text -> !text.isBlank());
        final String actorId = recorded == ActorType.SUPPORT
                ? principal.keyId().or(() -> id).orElse("support")
                : id.or(principal::keyId).orElse("api");
        return new Actor(recorded, actorId, actor.text("name", "INVALID_ACTOR").filter(text -> !text.isBlank()).orElse(null));
    }

    private static Actor settingsActor(final Principal principal) {
        final boolean support = principal instanceof Principal.SupportKey;
        return new Actor(support ? ActorType.SUPPORT : ActorType.STAFF, principal.keyId().orElse("api"), support ? "Support" : null);
    }

    private static List<Channel> channels(final JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiException.unprocessable("INVALID_CHANNEL", "'channels' must be a non-empty list such as [\"SMS\", \"EMAIL\"]");
        }
        final List<Channel> channels = new ArrayList<>();
        for (final JsonNode channel : node) {
            if (!channel.isTextual()) {
                throw ApiException.unprocessable("INVALID_CHANNEL", "'channels' must hold channel names");
            }
            final Channel parsed = Body.parseEnum(channel.textValue(), "channels", Channel.class, "INVALID_CHANNEL", Set.of(Channel.UNKNOWN));
            if (!channels.contains(parsed)) {
                channels.add(parsed);
            }
        }
        return channels;
    }

    private static List<PreferenceDefinition> sorted(final Practice practice) {
        return practice.preferences().values().stream()
                .sorted(Comparator.comparing(PreferenceDefinition::getName).thenComparing(PreferenceDefinition::getPreferenceId))
                .toList();
    }

    private static String tenant(final Request request) {
        return request.tenantId();
    }

    private static String client(final Request request) {
        return request.idParameter("c", "INVALID_CLIENT_ID", "client");
    }

    private static String preferenceId(final Request request) {
        return request.idParameter("p", "INVALID_PREFERENCE_ID", "preference");
    }

    private static int limit(final Request request) {
        final Optional<String> raw = request.queryParameter("limit");
        if (raw.isEmpty()) {
            return DEFAULT_NOTES;
        }
        try {
            final int limit = Integer.parseInt(raw.get());
            if (limit >= 1 && limit <= MAX_NOTES) {
                return limit;
            }
        } catch (final NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.unprocessable("INVALID_REQUEST", "'limit' must be a whole number from 1 to " + MAX_NOTES);
    }

    /** Now, to the millisecond: what a record's timestamp-millis keeps, so what the API checks is what the topology sees. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String newEventId() {
        return "api-" + UUID.randomUUID();
    }
}
