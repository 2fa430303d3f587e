package io.optgate.dispatcher.keywords;

import java.text.Normalizer;
import java.util.Locale;

/**
 * An inbound body the way a keyword is compared: Unicode NFKC (full-width {@code ＳＴＯＰ} is
 * {@code STOP}), case folded (upper case, {@code Locale.ROOT}), invisible format characters such
 * as zero-width spaces (U+200B) and byte-order marks (U+FEFF) removed, every run of whitespace of
 * any kind (no-break U+00A0, ideographic U+3000, tabs, line breaks) and of word-joining dashes or
 * underscores inside the text one plain space, and punctuation, symbols and emoji around the words
 * removed ({@code "Stop."}, {@code "STOP!"}, {@code "🛑 stop"}). Letters and digits are never
 * changed, so a longer text stays longer and is no keyword. Plain Java, no I/O.
 */
final class InboundText {

    private InboundText() {
    }

    /** The normalised text; empty for a {@code null} or blank body. */
    static String normalise(final String body) {
        if (body == null) {
            return "";
        }
        final String folded = Normalizer.normalize(body, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
        final StringBuilder words = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); ) {
            final int c = folded.codePointAt(i);
            i += Character.charCount(c);
            if (invisible(c)) {
                continue;
            }
            if (separator(c)) {
                pendingSpace = words.length() > 0;
                continue;
            }
            if (pendingSpace) {
                words.append(' ');
                pendingSpace = false;
            }
            words.appendCodePoint(c);
        }
        return trimDecoration(words.toString());
    }

    /** Characters that take no room on a handset: zero-width spaces, joiners, BOM, controls. */
    private static boolean invisible(final int c) {
        final int type = Character.getType(c);
        return (type == Character.FORMAT || type == Character.CONTROL) && !Character.isWhitespace(c);
    }

    /** Whitespace of any kind, and dashes or underscores that join words ("opt-out", "opt_out"). */
    private static boolean separator(final int c) {
        final int type = Character.getType(c);
        return Character.isWhitespace(c) || Character.isSpaceChar(c)
                || type == Character.DASH_PUNCTUATION || type == Character.CONNECTOR_PUNCTUATION;
    }

    /** Removes punctuation, symbols, emoji (and their modifiers) and spaces at both ends. */
    private static String trimDecoration(final String text) {
        int start = 0;
        int end = text.length();
        while (start < end && decoration(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && decoration(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static boolean decoration(final int c) {
        return !Character.isLetterOrDigit(c);
    }
}
