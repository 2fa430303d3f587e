package io.optgate.platform.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks phone numbers in free text, keeping the last two digits so that a person can still tell
 * two numbers apart in a log: {@code +15551234567} becomes {@code +*********67}.
 *
 * <p>It masks E.164 numbers ({@code +} and 8 to 15 digits) and their URL-encoded form
 * ({@code %2B...}, as in Twilio's form posts). Digit runs without a plus (offsets, timestamps,
 * ids) are left alone: they are not phone numbers in optgate's contract.
 */
public final class PhoneMasking {

    private static final Pattern PHONE = Pattern.compile("(\\+|%2[Bb])([0-9]{8,15})(?![0-9])");

    private PhoneMasking() {
    }

    /** {@code text} with every phone number masked; {@code null} stays {@code null}. */
    public static String mask(final String text) {
        if (text == null || (text.indexOf('+') < 0 && text.indexOf('%') < 0)) {
            return text;
        }
        final Matcher m = PHONE.matcher(text);
        if (!m.find()) {
            return text;
        }
        final StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            final String digits = m.group(2);
            out.append(text, last, m.start())
                    .append(m.group(1))
                    .append("*".repeat(digits.length() - 2))
                    .append(digits, digits.length() - 2, digits.length());
            last = m.end();
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }
}
