package io.optgate.dispatcher.sender;

/**
 * How personal data appears in logs: a phone number keeps its country prefix and last two digits
 * ({@code +44*******89}), anything that is not a plausible number is hidden entirely.
 */
public final class Masking {

    private Masking() {
    }

    /** The number with all but the first three and last two characters starred. */
    public static String phone(final String phone) {
        if (phone == null || phone.length() < 7) {
            return "<hidden>";
        }
        final int keepHead = 3;
        final int keepTail = 2;
        return phone.substring(0, keepHead) + "*".repeat(phone.length() - keepHead - keepTail)
                + phone.substring(phone.length() - keepTail);
    }
}
