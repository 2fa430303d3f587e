package io.optgate.dispatcher.practice;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.PhonePractices;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.SendingNumber;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorePracticeDirectoryTest {

    private static final String TOPIC = "consent.settings";

    private final String scope = "practice-directory-" + UUID.randomUUID();
    private final Serde<ConsentSetting> serde = new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + scope)).value(ConsentSetting.class);
    private final AvroSerdes serdes = new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + scope));
    private final Serde<SendingNumber> owners = serdes.value(SendingNumber.class);
    private final Serde<PhonePractices> practices = serdes.value(PhonePractices.class);
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, byte[]> ownerStore;
    private KeyValueStore<String, byte[]> practicesStore;
    private KeyValueStore<String, byte[]> textedStore;
    private PracticeDirectory directory;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("settings"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        ownerStore = open("owners");
        practicesStore = open("practices");
        textedStore = open("texted");
        directory = new StorePracticeDirectory(new StoredRecords<>(() -> store, serde.deserializer(), TOPIC),
                new StoredRecords<>(() -> ownerStore, owners.deserializer(), "consent.sending-numbers"),
                new StoredRecords<>(() -> practicesStore, practices.deserializer(), "consent.phone-practices"),
                () -> textedStore);
    }

    private static KeyValueStore<String, byte[]> open(final String name) {
        final KeyValueStore<String, byte[]> opened = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        opened.init(new MockProcessorContext<>().getStateStoreContext(), opened);
        return opened;
    }

    private void own(final String number, final String tenantId) {
        ownerStore.put(number, owners.serializer().serialize("consent.sending-numbers",
                new SendingNumber(number, tenantId, Instant.parse("2026-03-01T10:00:00Z"))));
    }

    @AfterEach
    void closeStore() {
        store.close();
        ownerStore.close();
        practicesStore.close();
        textedStore.close();
        SchemaRegistryClients.dropMockScope(scope);
    }

    private void save(final String key, final String tenantId, final Object setting) {
        store.put(key, serde.serializer().serialize(TOPIC, ConsentSetting.newBuilder()
                .setTenantId(tenantId).setSetting(setting).setUpdatedAt(Instant.parse("2026-03-01T10:00:00Z")).build()));
    }

    private static CommunicationSettings sendingFrom(final String number) {
        return CommunicationSettings.newBuilder().setEnabled(true).setSmsFrom(number).setHelpText("Call us").build();
    }

    @Test
    void aPracticesSettingsAndPreferencesAreFoundByTheirKeys() {
        save("vet1", "vet1", sendingFrom("+15559990001"));
        save("vet1:news", "vet1", PreferenceDefinition.newBuilder().setPreferenceId("news").setName("News")
                .setChannels(List.of(Channel.SMS)).setActive(true).setEditable(true)
                .setDescriptionDisplay(DescriptionDisplay.SHOW_FULL_TEXT).build());

        assertThat(directory.settings("vet1")).hasValueSatisfying(s -> assertThat(s.getSmsFrom()).isEqualTo("+15559990001"));
        assertThat(directory.preference("vet1", "news")).hasValueSatisfying(p -> assertThat(p.getActive()).isTrue());
        assertThat(directory.settings("vet2")).isEmpty();
        assertThat(directory.preference("vet1", "other")).isEmpty();
    }

    @Test
    void aRecordUnderAnotherPracticesKeySpeaksForNothing() {
        // consent-streams dead-letters it (KEY_MISMATCH); read here, it gave the intruder settings
        // and a preference of vet1's.
        save("vet1", "vet1", sendingFrom("+15559990001"));
        save("intruder", "vet1", sendingFrom("+15559990001"));
        save("vet1:news", "vet2", PreferenceDefinition.newBuilder().setPreferenceId("news").setName("News")
                .setChannels(List.of(Channel.SMS)).setActive(true).setEditable(true)
                .setDescriptionDisplay(DescriptionDisplay.SHOW_FULL_TEXT).build());
        own("+15559990001", "vet1");

        assertThat(directory.tenantOwningNumber("+15559990001")).contains("vet1");
        assertThat(directory.settings("intruder")).isEmpty();
        assertThat(directory.preference("vet1", "news")).isEmpty();
    }

    @Test
    void theOwnerOfASendingNumberIsTheOneConsentStreamsDecided() {
        save("vet1", "vet1", sendingFrom("+15559990001"));
        save("vet2", "vet2", sendingFrom("+15559990002"));
        own("+15559990002", "vet2");

        assertThat(directory.tenantOwningNumber("+15559990002")).contains("vet2");
        assertThat(directory.tenantOwningNumber("+15559990001")).as("in settings but never granted").isEmpty();
        assertThat(directory.tenantOwningNumber("+15559990003")).isEmpty();
    }

    /** Issue 11: practice B wrote A's number into its settings; A's clients' STOPs still reach A. */
    @Test
    void aNumberInTwoPracticesSettingsStillHasItsOneOwner() {
        save("vet1", "vet1", sendingFrom("+15559990001"));
        save("vet2", "vet2", sendingFrom("+15559990001"));
        own("+15559990001", "vet1");

        assertThat(directory.tenantOwningNumber("+15559990001")).contains("vet1");
    }

    @Test
    void thePracticesOfANumberAreThoseWithItOnRecord() {
        practicesStore.put("+15557770001", practices.serializer().serialize("consent.phone-practices",
                new PhonePractices("+15557770001", List.of("vet1", "vet2"))));

        textedStore.put(TextedNumbers.key("+15557770001", "vet3"), "vet3".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        textedStore.put(TextedNumbers.key("+155577700011", "vet4"), "vet4".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        textedStore.put(TextedNumbers.key("+15557770002", "vet2"), "vet2".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(directory.practicesWithNumber("+15557770001")).as("on record, or texted it")
                .containsExactlyInAnyOrder("vet1", "vet2", "vet3");
        assertThat(directory.practicesWithNumber("+15557770002")).containsExactly("vet2");
        assertThat(directory.practicesWithNumber("+15557770003")).isEmpty();
    }

    @Test
    void anUnreadableRecordCountsAsAbsent() {
        store.put("vet1", new byte[] {0, 0, 0, 0, 99, 1});
        ownerStore.put("+15559990001", new byte[] {0, 0, 0, 0, 99, 1});

        assertThat(directory.settings("vet1")).isEmpty();
        assertThat(directory.tenantOwningNumber("+15559990001")).isEmpty();
    }

    @Test
    void aStoreNotReadyYetIsARetriableFailure() {
        final PracticeDirectory notReady = new StorePracticeDirectory(() -> {
            throw new InvalidStateStoreException("restoring");
        }, serde.deserializer(), TOPIC);

        assertThatThrownBy(() -> notReady.settings("vet1"))
                .isInstanceOf(StorePracticeDirectory.PracticeDirectoryUnavailableException.class);
    }
}
