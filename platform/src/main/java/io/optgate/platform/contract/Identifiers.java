package io.optgate.platform.contract;

import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The contract's identifiers and keys (CONTRACT.md, "Identifiers"), stated once for every app:
 * tenant, client and preference ids are 1 to 64 characters of {@code [A-Za-z0-9._-]}, phone numbers
 * are E.164 ({@code +} and 8 to 15 digits), client-keyed topics use {@code <tenantId>:<clientId>}
 * and phone-keyed ones {@code <tenantId>:<E.164>}.
 */
public final class Identifiers {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern E164 = Pattern.compile("\\+[0-9]{8,15}");
    /** Printable ASCII without space and '/', so that a requestId can be a path segment. */
    private static final Pattern REQUEST_ID = Pattern.compile("[!-.0-~]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern TIME_OF_DAY = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    private Identifiers() {
    }

    /** A tenantId, clientId or preferenceId: 1 to 64 characters of {@code [A-Za-z0-9._-]}; null is not. */
    public static boolean isValidId(final String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** A phone number in E.164: {@code +} and 8 to 15 digits; null is not. */
    public static boolean isE164(final String phone) {
        return phone != null && E164.matcher(phone).matches();
    }

    /**
     * An IANA time zone id ({@code America/New_York}): a region id the JDK's tz database knows,
     * not a fixed offset such as {@code +05:00} (an offset has no daylight saving time); null is not.
     */
    public static boolean isIanaTimeZone(final String zone) {
        return zone != null && ZoneId.getAvailableZoneIds().contains(zone);
    }

    /**
     * A practice's sending window: each bound a time of day as {@code HH:mm} or null (the federal
     * bound stands in: 08:00, 21:00), the start before the end.
     */
    public static boolean isSendingWindow(final String start, final String end) {
        if (start != null && !TIME_OF_DAY.matcher(start).matches() || end != null && !TIME_OF_DAY.matcher(end).matches()) {
            return false;
        }
        return (start == null ? "08:00" : start).compareTo(end == null ? "21:00" : end) < 0;
    }

    /**
     * A requestId: 1 to 128 printable ASCII characters other than space and {@code /}. The
     * contract leaves its format open; this keeps it usable as a path segment of
     * {@code GET /v1/tenants/{t}/messages/{requestId}}.
     */
    public static boolean isValidRequestId(final String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches();
    }

    /** An e-mail address, checked only for shape: one {@code @}, no whitespace, at most 254 characters. */
    public static boolean isEmailAddress(final String address) {
        return address != null && address.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(address).matches();
    }

    /** The key of a client on client-keyed topics and stores: {@code <tenantId>:<clientId>}. */
    public static String clientKey(final String tenantId, final String clientId) {
        return tenantId + ":" + clientId;
    }

    /**
     * The key of one message of a client: {@code <tenantId>:<clientId>/<requestId>}. A requestId is
     * unique only within its practice, so everything that tells messages apart uses this key, never
     * the requestId alone. ({@code /} cannot occur in a valid requestId.)
     */
    public static String messageKey(final String tenantId, final String clientId, final String requestId) {
        return clientKey(tenantId, clientId) + "/" + requestId;
    }

    /**
     * The key of a practice's request without its client: {@code <tenantId>:<requestId>}, for what is
     * looked up by the practice and requestId alone (the status API; delivery-status entries written
     * before {@link #messageKey}).
     */
    public static String tenantRequestKey(final String tenantId, final String requestId) {
        return tenantId + ":" + requestId;
    }

    /** The key of a practice's preference definition on {@code consent.settings}: {@code <tenantId>:<preferenceId>}. */
    public static String preferenceKey(final String tenantId, final String preferenceId) {
        return tenantId + ":" + preferenceId;
    }

    /** The key of a phone number within a practice: {@code <tenantId>:<E.164>}. */
    public static String phoneKey(final String tenantId, final String phone) {
        return tenantId + ":" + phone;
    }

    /**
     * The key of a number a practice has texted, on {@code dispatch.texted-numbers}:
     * {@code <E.164>:<tenantId>}, number first so that one range holds every practice of a number.
     */
    public static String textedNumberKey(final String phone, final String tenantId) {
        return phone + ":" + tenantId;
    }
}
