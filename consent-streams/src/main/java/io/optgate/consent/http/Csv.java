package io.optgate.consent.http;

import java.util.List;

/**
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a field quoted when it holds a comma,
 * a quote, CR or LF, quotes inside doubled, null as an empty field. Values are written as they are:
 * the file is evidence, so nothing is escaped away or prefixed.
 */
final class Csv {

    private final StringBuilder text = new StringBuilder();

    Csv row(final List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(field(fields.get(i)));
        }
        text.append("\r\n");
        return this;
    }

    static String field(final String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
