package io.optgate.platform.http;

import io.optgate.schema.ActorType;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as established from the bearer key. Handed to every handler through
 * {@link Request#principal()}.
 *
 * <p>Handlers that record an actor call {@link #actorTypeFor(ActorType)}: SYSTEM never comes from
 * the API, SUPPORT only from a support key, and a support key's changes are always recorded as
 * SUPPORT.
 */
public sealed interface Principal
        permits Principal.TenantKey, Principal.SupportKey, Principal.MetricsKey, Principal.Anonymous, Principal.AuthDisabled {

    /** Whether this caller may read and change {@code tenantId}'s data. */
    boolean mayAccess(String tenantId);

    /** Whether this caller may call a route of {@code access} (tenant routes also check {@link #mayAccess}). */
    default boolean mayCall(final Access access) {
        return switch (access) {
            case PUBLIC -> true;
            case TENANT -> !(this instanceof MetricsKey || this instanceof Anonymous);
            case SUPPORT -> this instanceof SupportKey || this instanceof AuthDisabled;
            case METRICS -> this instanceof MetricsKey || this instanceof SupportKey || this instanceof AuthDisabled;
        };
    }

    /**
     * The actor type to record when this caller claims {@code requested}.
     *
     * @throws ApiException 422 {@code INVALID_ACTOR} for SYSTEM, for SUPPORT from a tenant key and
     *     for a missing type; 403 {@code FORBIDDEN} for an anonymous caller
     */
    ActorType actorTypeFor(ActorType requested);

    /** A short, stable, non-secret id of the key used (e.g. for {@code Actor.id} of support changes). */
    Optional<String> keyId();

    /** A key for one practice. */
    record TenantKey(String tenantId, String keyFingerprint) implements Principal {
        public TenantKey {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        }

        @Override
        public boolean mayAccess(final String tenant) {
            return tenantId.equals(tenant);
        }

        @Override
        public ActorType actorTypeFor(final ActorType requested) {
            return switch (Principal.requireApiActor(requested)) {
                case STAFF, CLIENT -> requested;
                case SUPPORT -> throw ApiException.unprocessable("INVALID_ACTOR",
                        "actor type SUPPORT needs a support key");
                case SYSTEM -> throw new IllegalStateException("SYSTEM was refused above");
            };
        }

        @Override
        public Optional<String> keyId() {
            return Optional.of(keyFingerprint);
        }
    }

    /** A support key ({@code key=*}): every practice; its changes are recorded as SUPPORT. */
    record SupportKey(String keyFingerprint) implements Principal {
        public SupportKey {
            Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        }

        @Override
        public boolean mayAccess(final String tenant) {
            return true;
        }

        @Override
        public ActorType actorTypeFor(final ActorType requested) {
            Principal.requireApiActor(requested);
            return ActorType.SUPPORT;
        }

        @Override
        public Optional<String> keyId() {
            return Optional.of(keyFingerprint);
        }
    }

    /** The metrics key ({@code OPTGATE_METRICS_KEY}): {@code /metrics} and nothing else. */
    record MetricsKey(String keyFingerprint) implements Principal {
        public MetricsKey {
            Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        }

        @Override
        public boolean mayAccess(final String tenant) {
            return false;
        }

        @Override
        public ActorType actorTypeFor(final ActorType requested) {
            throw ApiException.forbidden("the metrics key cannot record changes");
        }

        @Override
        public Optional<String> keyId() {
            return Optional.of(keyFingerprint);
        }
    }

    /** A caller of a {@link Access#PUBLIC} route; no key was asked for. */
    record Anonymous() implements Principal {
        @Override
        public boolean mayAccess(final String tenant) {
            return false;
        }

        @Override
        public ActorType actorTypeFor(final ActorType requested) {
            throw ApiException.forbidden("this route cannot record changes on behalf of an actor");
        }

        @Override
        public Optional<String> keyId() {
            return Optional.empty();
        }
    }

    /**
     * Authentication is off ({@code OPTGATE_API_KEYS} unset, server on loopback only): every
     * practice, and the actor type is taken as given (except SYSTEM).
     */
    record AuthDisabled() implements Principal {
        @Override
        public boolean mayAccess(final String tenant) {
            return true;
        }

        @Override
        public ActorType actorTypeFor(final ActorType requested) {
            return Principal.requireApiActor(requested);
        }

        @Override
        public Optional<String> keyId() {
            return Optional.empty();
        }
    }

    private static ActorType requireApiActor(final ActorType requested) {
        if (requested == null) {
            throw ApiException.unprocessable("INVALID_ACTOR", "actor type is required: STAFF, SUPPORT or CLIENT");
        }
        if (requested == ActorType.SYSTEM) {
            throw ApiException.unprocessable("INVALID_ACTOR", "actor type SYSTEM cannot be set through the API");
        }
        return requested;
    }
}
