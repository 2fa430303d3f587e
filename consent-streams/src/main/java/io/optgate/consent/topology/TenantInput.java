package io.optgate.consent.topology;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.PhoneConsentEvent;

import java.util.Objects;

/**
 * One input of the consent processor, re-keyed to its practice so that a practice's clients,
 * numbers and settings are decided in one task. Each keeps the key it was published under.
 */
sealed interface TenantInput {

    /** The key of the record on its source topic. */
    String sourceKey();

    /** The practice the input belongs to: the repartition key. */
    String tenantId();

    /** A record of {@code consent.events}. */
    record ClientEvent(String sourceKey, ConsentEvent event) implements TenantInput {
        public ClientEvent {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String tenantId() {
            return event.getTenantId();
        }
    }

    /** A record of {@code consent.phone-events}. */
    record PhoneEvent(String sourceKey, PhoneConsentEvent signal) implements TenantInput {
        public PhoneEvent {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public String tenantId() {
            return signal.getTenantId();
        }
    }

    /** A record of {@code consent.settings}; {@code setting} is null for a tombstone. */
    record Setting(String sourceKey, ConsentSetting setting) implements TenantInput {
        @Override
        public String tenantId() {
            if (setting != null) {
                return setting.getTenantId();
            }
            final String key = sourceKey == null ? "" : sourceKey;
            final int colon = key.indexOf(':');
            return colon < 0 ? key : key.substring(0, colon);
        }
    }
}
