package io.optgate.dispatcher.twilio;

import io.optgate.dispatcher.keywords.Keyword;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.schema.CommunicationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The text optgate answers an inbound text with. CTIA's handbook asks that opt-out and opt-in
 * replies name the program and say how to undo them; each is the practice's own text when it set
 * one ({@code stopReplyText}, {@code startReplyText}, {@code helpText}), else a default naming the
 * practice ({@code practiceName}, or "this number" without one). An unclear text gets the one
 * clarification text FCC 24-24 allows, with nothing else in it. A reply goes only when the text
 * reached exactly one practice, except the opt-out confirmation and the clarification, which name
 * no practice then.
 */
final class InboundReplies {

    private static final Logger LOG = LoggerFactory.getLogger(InboundReplies.class);

    private final PracticeDirectory practices;

    InboundReplies(final PracticeDirectory practices) {
        this.practices = Objects.requireNonNull(practices, "practices");
    }

    /** The reply to a keyword (or a plain-language revocation, as {@link Keyword#OPT_OUT}); empty for none. */
    Optional<String> to(final Keyword keyword, final List<String> tenantIds) {
        final Optional<CommunicationSettings> settings = single(tenantIds);
        return switch (keyword) {
            case OPT_OUT -> Optional.of(own(settings, CommunicationSettings::getStopReplyText)
                    .orElseGet(() -> defaultStopReply(name(settings))));
            case OPT_IN -> tenantIds.size() == 1
                    ? Optional.of(own(settings, CommunicationSettings::getStartReplyText).orElseGet(() -> defaultStartReply(name(settings))))
                    : Optional.empty();
            case HELP -> own(settings, CommunicationSettings::getHelpText);
            case CONFIRM -> Optional.empty();
        };
    }

    /** The one clarification text for an unclear reply. */
    String clarification(final List<String> tenantIds) {
        return "Reply STOP to stop all texts from " + name(single(tenantIds)) + ".";
    }

    static String defaultStopReply(final String name) {
        return "You are unsubscribed from " + name + " and will get no more texts. Reply START to get texts again.";
    }

    static String defaultStartReply(final String name) {
        return "You will get texts from " + name + " again. Reply STOP to stop, HELP for help.";
    }

    private Optional<CommunicationSettings> single(final List<String> tenantIds) {
        if (tenantIds.size() != 1) {
            return Optional.empty();
        }
        try {
            return practices.settings(tenantIds.get(0));
        } catch (final RuntimeException e) {
            LOG.warn("settings of tenantId={} not available for a reply: {}", tenantIds.get(0), e.toString());
            return Optional.empty();
        }
    }

    private static String name(final Optional<CommunicationSettings> settings) {
        return own(settings, CommunicationSettings::getPracticeName).orElse("this number");
    }

    private static Optional<String> own(final Optional<CommunicationSettings> settings,
                                        final Function<CommunicationSettings, String> text) {
        return settings.map(text).filter(value -> !value.isBlank());
    }
}
