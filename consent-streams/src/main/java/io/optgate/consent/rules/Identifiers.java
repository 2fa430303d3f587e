package io.optgate.consent.rules;

import java.util.regex.Pattern;

/**
 * The contract's identifier rules: tenant and client ids are 1 to 64 characters of
 * {@code [A-Za-z0-9._-]}, phone numbers are E.164 ({@code +} and 8 to 15 digits), and client-keyed
 * topics use the key {@code <tenantId>:<clientId>}.
 */
public final class Identifiers {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern E164 = Pattern.compile("\\+[0-9]{8,15}");

    private Identifiers() {
    }

    /** Whether {@code id} is a valid tenant or client id; null is not. */
    public static boolean isValidId(final String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether {@code phone} is an E.164 number; null is not. */
    public static boolean isE164(final String phone) {
        return phone != null && E164.matcher(phone).matches();
    }

    /** The key of a client on client-keyed topics and stores: {@code <tenantId>:<clientId>}. */
    public static String clientKey(final String tenantId, final String clientId) {
        return tenantId + ":" + clientId;
    }

    /** The key of a phone number within a practice: {@code <tenantId>:<E.164>}. */
    public static String phoneKey(final String tenantId, final String phone) {
        return tenantId + ":" + phone;
    }

    /** A phone number fit for logs: the last two digits only. */
    public static String maskPhone(final String phone) {
        if (phone == null || phone.length() < 3) {
            return "***";
        }
        return "***" + phone.substring(phone.length() - 2);
    }
}
