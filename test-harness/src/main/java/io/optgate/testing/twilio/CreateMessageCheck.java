package io.optgate.testing.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Twilio's published description says a CreateMessage request must be, beyond method, path and
 * credentials: the AccountSid's pattern, only declared form fields, the required ones, From or
 * MessagingServiceSid, a body, each field's format, type and pattern, and HTTP Basic as the scheme.
 * Each problem is one line of text starting with what it is about ({@code auth:}, {@code path:},
 * {@code field:}).
 */
final class CreateMessageCheck {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{7,14}$");

    private final TwilioOpenApi api;

    CreateMessageCheck(final TwilioOpenApi api) {
        this.api = api;
    }

    /** Every problem with this form posted for this account; empty when Twilio would take it. */
    List<String> violations(final String accountSid, final Map<String, String> form) {
        final List<String> violations = new ArrayList<>();
        if (!"basic".equalsIgnoreCase(api.authScheme())) {
            violations.add("auth: the description secures CreateMessage with " + api.authScheme() + ", not HTTP Basic");
        }
        if (!Pattern.compile(api.accountSidPattern()).matcher(accountSid).matches()) {
            violations.add("path: AccountSid " + accountSid + " does not match " + api.accountSidPattern());
        }
        for (final String field : form.keySet()) {
            if (!api.createMessageFields().contains(field)) {
                violations.add("field: " + field + " is not a CreateMessage field");
            }
        }
        for (final String field : api.createMessageRequired()) {
            if (!form.containsKey(field)) {
                violations.add("field: required " + field + " is missing");
            }
        }
        if (!form.containsKey("From") && !form.containsKey("MessagingServiceSid")) {
            violations.add("field: From or MessagingServiceSid is needed");
        }
        if (!form.containsKey("Body") && !form.containsKey("MediaUrl") && !form.containsKey("ContentSid")) {
            violations.add("field: Body, MediaUrl or ContentSid is needed");
        }
        form.forEach((field, value) -> {
            if (api.fieldFormat(field).filter("phone-number"::equals).isPresent() && !E164.matcher(value).matches()) {
                violations.add("field: " + field + " is not an E.164 number");
            }
            if (api.fieldFormat(field).filter("uri"::equals).isPresent() && !isAbsoluteUri(value)) {
                violations.add("field: " + field + " is not an absolute URI");
            }
            if (api.fieldType(field).filter("integer"::equals).isPresent() && !value.matches("-?\\d+")) {
                violations.add("field: " + field + " is not an integer");
            }
            api.fieldPattern(field).filter(pattern -> !Pattern.compile(pattern).matcher(value).find())
                    .ifPresent(pattern -> violations.add("field: " + field + " does not match " + pattern));
        });
        return violations;
    }

    private static boolean isAbsoluteUri(final String value) {
        try {
            final URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null && !uri.getHost().contains("_");
        } catch (final URISyntaxException e) {
            return false;
        }
    }
}
