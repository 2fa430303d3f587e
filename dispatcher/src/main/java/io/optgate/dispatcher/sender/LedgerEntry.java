package io.optgate.dispatcher.sender;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.optgate.platform.contract.Identifiers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One record of the hand-over ledger ({@code dispatch.outbound.sms.ledger}, compacted, key the
 * message key {@code <tenantId>:<clientId>/<requestId>}, partition = the outbound record's
 * partition): what the sender knows about one message. The value is small JSON, readable with any
 * Kafka tool: {@code {"requestId":"r-1","tenantId":"vet-a","clientId":"c-1","state":"HANDED_OVER",
 * "attempt":1,"sourceOffset":42,"atMillis":...}}. Entries written before the key carried the
 * practice have no tenantId and clientId; their {@link #key()} is the requestId alone, and the
 * sender still honours them (see {@link Ledger}).
 *
 * @param requestId    the message's id within its practice
 * @param tenantId     the practice; null in entries written before the key carried it
 * @param clientId     the client; null in entries written before the key carried it
 * @param state        how far it got
 * @param attempt      the hand-over attempt the state is about, 1 for the first
 * @param sourceOffset the message's offset in its outbound partition
 * @param atMillis     when the state was recorded
 */
public record LedgerEntry(String requestId, String tenantId, String clientId, State state, int attempt,
                          long sourceOffset, long atMillis) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fails fast on missing fields. */
    public LedgerEntry {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(state, "state");
    }

    /** Where a message stands. */
    public enum State {
        /**
         * Written, and the transaction holding it committed, before the message is given to the
         * provider. Found without a later entry after a restart: the provider may or may not have the
         * message, so it is never given again (recorded FAILED {@code OPTGATE_UNCONFIRMED}).
         */
        HANDED_OVER,
        /** The provider certainly did not take the attempt (429, 5xx, no connection): it may be given again. */
        RELEASED,
        /** Its outcome is recorded on the deliveries topic: nothing more to do. */
        DONE
    }

    /** An entry about a text of a request (the key carries its practice and client). */
    static LedgerEntry of(final io.optgate.schema.MessageRequest request, final State state, final int attempt,
                          final long sourceOffset, final long atMillis) {
        return new LedgerEntry(request.getRequestId(), request.getTenantId(), request.getClientId(), state, attempt,
                sourceOffset, atMillis);
    }

    /** The record key, and how the sender tells this message apart from every other practice's. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String key() {
        return tenantId == null || clientId == null ? requestId : Identifiers.messageKey(tenantId, clientId, requestId);
    }

    /** The JSON value. */
    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write a ledger entry", e);
        }
    }

    /**
     * Reads a JSON value.
     *
     * @throws UncheckedIOException when the bytes are not a ledger entry
     */
    public static LedgerEntry fromBytes(final byte[] bytes) {
        try {
            return JSON.readValue(bytes, LedgerEntry.class);
        } catch (final IOException e) {
            throw new UncheckedIOException("not a ledger entry", e);
        }
    }
}
