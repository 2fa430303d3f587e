package io.optgate.platform.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback conversion word for a pattern layout: the event's formatted message with phone numbers
 * masked ({@link PhoneMasking}) and line breaks escaped, so one event stays one line. Register it
 * with {@code <conversionRule conversionWord="maskedMsg" class="io.optgate.platform.logging.MaskedMessageConverter"/>}.
 */
public final class MaskedMessageConverter extends ClassicConverter {

    @Override
    public String convert(final ILoggingEvent event) {
        return oneLine(PhoneMasking.mask(event.getFormattedMessage()));
    }

    static String oneLine(final String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
