package io.optgate.local.registry;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.DispatchStats;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.PhonePractices;
import io.optgate.schema.SendingNumber;
import io.optgate.schema.SendingNumberClaim;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Avro record schema this build can write: the contract's top-level records and each record
 * nested inside them (an app may keep a nested record, such as a preference definition, as a store
 * value). Registered before anything writes, so their ids are saved first.
 */
public final class ContractSchemas {

    private ContractSchemas() {
    }

    /** Top-level records first, in a fixed order, then nested ones as they are found. */
    public static List<Schema> all() {
        final Map<String, Schema> byName = new LinkedHashMap<>();
        final List<Schema> roots = List.of(
                ConsentEvent.getClassSchema(), PhoneConsentEvent.getClassSchema(), ConsentSetting.getClassSchema(),
                ConsentState.getClassSchema(), PhoneConsentState.getClassSchema(), ConsentNote.getClassSchema(),
                MessageRequest.getClassSchema(), DispatchDecision.getClassSchema(), DeliveryEvent.getClassSchema(),
                DispatchStats.getClassSchema(), SendingNumberClaim.getClassSchema(), SendingNumber.getClassSchema(),
                PhonePractices.getClassSchema());
        roots.forEach(root -> byName.put(root.getFullName(), root));
        roots.forEach(root -> collectNested(root, byName));
        return new ArrayList<>(byName.values());
    }

    private static void collectNested(final Schema schema, final Map<String, Schema> byName) {
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(f -> {
                final Schema type = f.schema();
                if (type.getType() == Schema.Type.RECORD && byName.putIfAbsent(type.getFullName(), type) != null) {
                    return;
                }
                collectNested(type, byName);
            });
            case UNION -> schema.getTypes().forEach(t -> {
                if (t.getType() != Schema.Type.RECORD || byName.putIfAbsent(t.getFullName(), t) == null) {
                    collectNested(t, byName);
                }
            });
            case ARRAY -> addAndCollect(schema.getElementType(), byName);
            case MAP -> addAndCollect(schema.getValueType(), byName);
            default -> {
                // enums, fixed and primitives are never written on their own
            }
        }
    }

    private static void addAndCollect(final Schema schema, final Map<String, Schema> byName) {
        if (schema.getType() != Schema.Type.RECORD || byName.putIfAbsent(schema.getFullName(), schema) == null) {
            collectNested(schema, byName);
        }
    }
}
