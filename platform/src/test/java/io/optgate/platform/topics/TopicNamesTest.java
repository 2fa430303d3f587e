package io.optgate.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optgate.schema.Channel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Topic names default to CONTRACT.md and each can be moved by one environment variable. */
class TopicNamesTest {

    @Test
    void defaultsAreTheContractNames() {
        final TopicNames names = TopicNames.defaults();

        assertThat(names.consentEvents()).isEqualTo("consent.events");
        assertThat(names.consentPhoneEvents()).isEqualTo("consent.phone-events");
        assertThat(names.consentSettings()).isEqualTo("consent.settings");
        assertThat(names.consentState()).isEqualTo("consent.state");
        assertThat(names.consentPhoneState()).isEqualTo("consent.phone-state");
        assertThat(names.consentNotes()).isEqualTo("consent.notes");
        assertThat(names.messageRequests()).isEqualTo("message.requests");
        assertThat(names.dispatchDecisions()).isEqualTo("dispatch.decisions");
        assertThat(names.outbound(Channel.SMS)).isEqualTo("dispatch.outbound.sms");
        assertThat(names.outbound(Channel.EMAIL)).isEqualTo("dispatch.outbound.email");
        assertThat(names.outbound(Channel.LETTER)).isEqualTo("dispatch.outbound.letter");
        assertThat(names.outbound(Channel.PHONE)).isEqualTo("dispatch.outbound.phone");
        assertThat(names.dispatchDeliveries()).isEqualTo("dispatch.deliveries");
        assertThat(names.dispatchStats()).isEqualTo("ops.dispatch-stats");
    }

    @Test
    void allListsEveryContractTopicOnceInContractOrder() {
        assertThat(TopicNames.defaults().all()).containsExactly(
            "consent.events", "consent.phone-events", "consent.settings", "consent.state", "consent.phone-state",
            "consent.notes", "consent.number-claims", "consent.sending-numbers", "consent.phone-practices",
            "message.requests", "dispatch.decisions", "dispatch.outbound.sms",
            "dispatch.outbound.email", "dispatch.outbound.letter", "dispatch.outbound.phone",
            "dispatch.deliveries", "dispatch.texted-numbers", "ops.dispatch-stats");
    }

    @Test
    void environmentVariablesOverrideSingleTopics() {
        final TopicNames names = TopicNames.fromEnv(Map.of(
            "OPTGATE_TOPIC_CONSENT_EVENTS", "vet.consent-events",
            "OPTGATE_TOPIC_CONSENT_PHONE_EVENTS", " vet.phone-events ",
            "OPTGATE_TOPIC_DISPATCH_OUTBOUND_SMS", "vet.sms-out",
            "OPTGATE_TOPIC_OPS_DISPATCH_STATS", "",
            "PATH", "/usr/bin"));

        assertThat(names.consentEvents()).isEqualTo("vet.consent-events");
        assertThat(names.consentPhoneEvents()).isEqualTo("vet.phone-events");
        assertThat(names.outbound(Channel.SMS)).isEqualTo("vet.sms-out");
        assertThat(names.dispatchStats()).isEqualTo("ops.dispatch-stats");
        assertThat(names.consentState()).isEqualTo("consent.state");
    }

    @Test
    void prefixedVariablesRenameEveryTopicAtOnce() {
        final TopicNames names = TopicNames.fromEnv(TopicNames.prefixedVariables("staging."));

        assertThat(TopicNames.prefixedVariables("staging.")).hasSize(TopicNames.defaults().all().size());
        assertThat(names.all()).allSatisfy(name -> assertThat(name).startsWith("staging."));
        assertThat(names.consentState()).isEqualTo("staging.consent.state");
    }

    @Test
    void variableNameIsPrefixPlusDefaultInUpperSnakeCase() {
        assertThat(TopicNames.envVariable("consent.phone-state")).isEqualTo("OPTGATE_TOPIC_CONSENT_PHONE_STATE");
        assertThat(TopicNames.envVariable("dispatch.outbound.email")).isEqualTo("OPTGATE_TOPIC_DISPATCH_OUTBOUND_EMAIL");
    }

    @Test
    void illegalTopicNameIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> TopicNames.fromEnv(Map.of("OPTGATE_TOPIC_MESSAGE_REQUESTS", "message requests")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("OPTGATE_TOPIC_MESSAGE_REQUESTS");
        assertThatThrownBy(() -> TopicNames.fromEnv(Map.of("OPTGATE_TOPIC_CONSENT_NOTES", "..")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("OPTGATE_TOPIC_CONSENT_NOTES");
    }

    @Test
    void twoTopicsSharingANameIsRefusedNamingBothVariables() {
        assertThatThrownBy(() -> TopicNames.fromEnv(Map.of("OPTGATE_TOPIC_CONSENT_STATE", "consent.events")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("OPTGATE_TOPIC_CONSENT_STATE")
            .hasMessageContaining("OPTGATE_TOPIC_CONSENT_EVENTS");
    }

    @Test
    void unknownChannelHasNoOutboundTopic() {
        assertThatThrownBy(() -> TopicNames.defaults().outbound(Channel.UNKNOWN))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("UNKNOWN");
        assertThat(TopicNames.sendableChannels()).doesNotContain(Channel.UNKNOWN).hasSize(Channel.values().length - 1);
    }

    @Test
    void deadLetterTopicIsTheTopicReadWithDlqSuffix() {
        assertThat(TopicNames.dlq("consent.events")).isEqualTo("consent.events.dlq");
    }
}
