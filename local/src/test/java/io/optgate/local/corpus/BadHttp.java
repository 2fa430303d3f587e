package io.optgate.local.corpus;

import io.optgate.testing.twilio.TwilioSignature;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Seeded generator of malformed HTTP calls: bodies for the consent API and the messages API, and
 * Twilio webhook posts (unsigned, badly signed, malformed, or signed but meaningless), with a few
 * valid webhooks mixed in. The API cases use a practice of their own, {@value #TENANT}, so that a
 * call wrongly accepted cannot disturb the valid traffic.
 */
public final class BadHttp {

    /** The practice the API cases name. */
    public static final String TENANT = "corpus-http";

    /** One HTTP call and what must become of it. */
    public record Call(String kind, boolean bad, String method, String path, String contentType, byte[] body,
                       Map<String, String> headers, Expect expect) {
    }

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String ACTOR = "\"actor\":{\"type\":\"STAFF\",\"id\":\"u-1\"}";
    private static final int OVER_LIMIT = 1024 * 1024 + 100;

    private final Random random;
    private final String authToken;
    private final String publicUrl;

    /**
     * @param seed      the same seed, the same calls
     * @param authToken {@code TWILIO_AUTH_TOKEN} of the apps, to sign webhooks with
     * @param publicUrl {@code OPTGATE_PUBLIC_URL} of the apps, the base of the signed URL
     */
    public BadHttp(final long seed, final String authToken, final String publicUrl) {
        this.random = new Random(seed);
        this.authToken = authToken;
        this.publicUrl = publicUrl;
    }

    /** {@code count} bad calls spread evenly over every kind. */
    public List<Call> generate(final int count) {
        final List<IntFunction<Call>> kinds = new ArrayList<>();
        consentKinds(kinds);
        messageKinds(kinds);
        webhookKinds(kinds);
        final List<Call> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            out.add(kinds.get(n % kinds.size()).apply(n));
        }
        return out;
    }

    private void consentKinds(final List<IntFunction<Call>> kinds) {
        kinds.add(n -> put("consent: malformed JSON", consent(n), pick(n, "not json", "{\"level\":", "{'level':'MARKETING'}",
            "{\"level\" \"MARKETING\"}", "\u0000\u0001"), 400));
        kinds.add(n -> new Call("consent: bytes that are not UTF-8", true, "PUT", consent(n), JSON,
            new byte[] {'{', '"', 'l', '"', ':', (byte) 0xC3, (byte) 0x28, '}'}, Map.of(), new Expect.Answer(400, 422)));
        kinds.add(n -> put("consent: empty body", consent(n), "", 400));
        kinds.add(n -> put("consent: JSON that is not an object", consent(n), pick(n, "[1,2]", "\"MARKETING\"", "null", "42", "true"),
            400, 422));
        kinds.add(n -> put("consent: unknown level", consent(n), "{\"level\":\"" + pick(n, "PLATINUM", "marketing", "", "OPTED OUT")
            + "\"," + ACTOR + "}", 422));
        kinds.add(n -> put("consent: wrong types", consent(n), pick(n, "{\"level\":3," + ACTOR + "}",
            "{\"level\":\"FULL_TRANSACTIONAL\",\"clientRequestedOptIn\":\"yes\"," + ACTOR + "}",
            "{\"level\":[\"FULL_TRANSACTIONAL\"]," + ACTOR + "}", "{\"level\":\"FULL_TRANSACTIONAL\",\"phone\":15550100111," + ACTOR + "}"),
            422));
        kinds.add(n -> put("consent: bad phone", consent(n), "{\"level\":\"FULL_TRANSACTIONAL\",\"phone\":\""
            + pick(n, "555-0100", "+1", "+1234567890123456", "", "+1555abc0100") + "\"," + ACTOR + "}", 422));
        kinds.add(n -> put("consent: bad or missing actor", consent(n), "{\"level\":\"FULL_TRANSACTIONAL\"" + pick(n, "",
            ",\"actor\":\"STAFF\"", ",\"actor\":{\"type\":\"ROBOT\",\"id\":\"r\"}", ",\"actor\":{\"type\":\"SYSTEM\",\"id\":\"s\"}",
            ",\"actor\":{\"id\":\"u-1\"}") + "}", 403, 422));
        kinds.add(n -> put("consent: bad event id", consent(n), "{\"level\":\"FULL_TRANSACTIONAL\",\"eventId\":\""
            + pick(n, "", "e 1", "x".repeat(129), "e\\t1") + "\"," + ACTOR + "}", 422));
        kinds.add(n -> put("consent: bad id in the path", pick(n, "/v1/tenants/" + TENANT + "/clients/a%20b/sms-consent",
            "/v1/tenants/" + TENANT + "/clients/" + "x".repeat(65) + "/sms-consent", "/v1/tenants/bad%20t/clients/c-1/sms-consent",
            "/v1/tenants/" + TENANT + "/clients/c%3A1/sms-consent"), "{\"level\":\"FULL_TRANSACTIONAL\"," + ACTOR + "}", 404, 422));
        kinds.add(n -> put("consent: nested 5,000 deep", consent(n), "[".repeat(5000) + "]".repeat(5000), 400, 422));
        kinds.add(n -> put("settings: invalid values", "/v1/tenants/" + TENANT + "/communication-settings", pick(n,
            "{\"defaultValidityDays\":30}", "{\"enabled\":true,\"defaultValidityDays\":0}", "{\"enabled\":true,\"defaultValidityDays\":1e999}",
            "{\"enabled\":true,\"smsFrom\":\"5550100\"}", "{\"enabled\":\"yes\"}", "{\"enabled\":true,\"helpText\":7}"), 422));
        kinds.add(n -> put("preferences: invalid definition", "/v1/tenants/" + TENANT + "/communication-preferences/p-" + n, pick(n,
            "{\"channels\":[\"SMS\"],\"active\":true,\"editable\":true}",
            "{\"name\":\"R\",\"channels\":\"SMS\",\"active\":true,\"editable\":true}",
            "{\"name\":\"R\",\"channels\":[\"PIGEON\"],\"active\":true,\"editable\":true}",
            "{\"name\":\"R\",\"channels\":[],\"active\":true,\"editable\":true}",
            "{\"name\":\"R\",\"channels\":[\"SMS\"],\"active\":true,\"editable\":true,\"descriptionDisplay\":\"LOUD\"}"), 422));
        kinds.add(n -> put("preferences: invalid client grant", "/v1/tenants/" + TENANT + "/clients/c-" + n
            + "/communication-preferences/p-1", pick(n, "{\"channels\":{\"PIGEON\":{\"granted\":true}}," + ACTOR + "}",
            "{\"channels\":{}," + ACTOR + "}", "{\"channels\":{\"SMS\":{\"granted\":\"yes\"}}," + ACTOR + "}",
            "{\"channels\":{\"SMS\":{\"granted\":true,\"validUntil\":\"tomorrow\"}}," + ACTOR + "}"), 404, 409, 422));
    }

    private void messageKinds(final List<IntFunction<Call>> kinds) {
        final String path = "/v1/tenants/" + TENANT + "/messages";
        kinds.add(n -> post("messages: malformed JSON", path, pick(n, "not json", "{\"clientId\":", "{clientId: 'c'}", ""), 400));
        kinds.add(n -> post("messages: JSON that is not an object", path, pick(n, "[1]", "null", "\"text\"", "3.5"), 400, 422));
        kinds.add(n -> post("messages: unknown channel or category", path, message(n, pick(n,
            "\"channel\":\"PIGEON\",\"category\":\"MARKETING\"", "\"channel\":\"SMS\",\"category\":\"SPAM\"",
            "\"channel\":\"UNKNOWN\",\"category\":\"MARKETING\"", "\"channel\":\"SMS\",\"category\":\"UNKNOWN\"",
            "\"channel\":5,\"category\":\"MARKETING\""), "+15550900001", "Hello"), 422));
        kinds.add(n -> post("messages: bad phone", path, message(n, "\"channel\":\"SMS\",\"category\":\"MARKETING\"",
            pick(n, "555-0100", "+1", "", "+1555abc0100", "+15550100111 "), "Hello"), 422));
        kinds.add(n -> post("messages: missing or over-long fields", path, pick(n,
            "{\"requestId\":\"h-" + n + "\",\"to\":\"+15550900001\",\"channel\":\"SMS\",\"category\":\"MARKETING\",\"body\":\"x\"}",
            "{\"requestId\":\"h-" + n + "\",\"clientId\":\"c-1\",\"channel\":\"SMS\",\"category\":\"MARKETING\",\"body\":\"x\"}",
            "{\"requestId\":\"h-" + n + "\",\"clientId\":\"c-1\",\"to\":\"+15550900001\",\"channel\":\"SMS\",\"category\":\"MARKETING\"}",
            message(n, "\"channel\":\"SMS\",\"category\":\"MARKETING\"", "+15550900001", "x".repeat(1601)),
            message(n, "\"channel\":\"SMS\",\"category\":\"MARKETING\"", "+15550900001", " ")), 422));
        kinds.add(n -> post("messages: bad ids or times", path, pick(n,
            "{\"requestId\":\"r x\",\"clientId\":\"c-1\",\"to\":\"+15550900001\",\"channel\":\"SMS\",\"category\":\"MARKETING\",\"body\":\"x\"}",
            "{\"requestId\":\"h-" + n + "\",\"clientId\":\"a b\",\"to\":\"+15550900001\",\"channel\":\"SMS\",\"category\":\"MARKETING\",\"body\":\"x\"}",
            "{\"requestId\":\"h-" + n + "\",\"clientId\":\"c-1\",\"to\":\"+15550900001\",\"channel\":\"SMS\",\"category\":\"MARKETING\","
                + "\"body\":\"x\",\"expiresAt\":\"tomorrow\"}",
            "{\"requestId\":\"h-" + n + "\",\"clientId\":\"c-1\",\"to\":\"+15550900001\",\"channel\":\"SMS\",\"category\":\"MARKETING\","
                + "\"body\":\"x\",\"preferenceId\":\"p q\"}"), 422));
        kinds.add(n -> post("messages: bad practice id in the path", "/v1/tenants/" + pick(n, "a%20b", "x".repeat(65), "t%2F1") + "/messages",
            message(n, "\"channel\":\"SMS\",\"category\":\"MARKETING\"", "+15550900001", "Hello"), 404, 422));
        kinds.add(n -> {
            final boolean messages = random.nextBoolean();
            return new Call("any API: body over 1 MiB", true, messages ? "POST" : "PUT", messages ? path : consent(n), JSON,
                ("{\"body\":\"" + "x".repeat(OVER_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8), Map.of(), new Expect.Answer(413));
        });
    }

    private void webhookKinds(final List<IntFunction<Call>> kinds) {
        final String inbound = "/twilio/inbound";
        kinds.add(n -> form("webhook: unsigned", inbound, keyword(n, "STOP"), null, 403));
        kinds.add(n -> {
            final byte[] junk = new byte[20];
            random.nextBytes(junk);
            return form("webhook: wrong signature", inbound, keyword(n, "STOP"), Base64.getEncoder().encodeToString(junk), 403);
        });
        kinds.add(n -> form("webhook: signed with another token", inbound, keyword(n, "STOP"),
            TwilioSignature.of("not-the-token", publicUrl + inbound, keyword(n, "STOP")), 403));
        kinds.add(n -> form("webhook: fields changed after signing", inbound, keyword(n, "START"),
            TwilioSignature.of(authToken, publicUrl + inbound, keyword(n, "STOP")), 403));
        kinds.add(n -> form("webhook: signed for another URL", inbound, keyword(n, "STOP"),
            TwilioSignature.of(authToken, publicUrl + "/twilio/status", keyword(n, "STOP")), 403));
        kinds.add(n -> new Call("webhook: malformed form", true, "POST", inbound, FORM,
            pick(n, "Body=%ZZ&From=%", "From=%2", "%%%", "Body=STOP&To=%E0%A4%A").getBytes(StandardCharsets.UTF_8), Map.of(),
            new Expect.Answer(400, 403)));
        kinds.add(n -> new Call("webhook: not a form", true, "POST", inbound, JSON,
            "{\"Body\":\"STOP\"}".getBytes(StandardCharsets.UTF_8), Map.of(), new Expect.Answer(400, 403, 415)));
        kinds.add(n -> new Call("webhook: body over 1 MiB", true, "POST", inbound, FORM,
            ("Body=" + "S".repeat(OVER_LIMIT)).getBytes(StandardCharsets.UTF_8), Map.of(), new Expect.Answer(413)));
        kinds.add(n -> form("status callback: unsigned or badly signed", "/twilio/status?tenantId=" + BadRecords.TENANT
            + "&clientId=c-1&requestId=r-" + n + "&attempt=1", Map.of("MessageSid", "SM" + n, "MessageStatus", "delivered"),
            n % 2 == 0 ? null : "c2lnbmF0dXJl", 403));
        // Signed, so from Twilio, but nothing optgate can act on: answered as Twilio expects, nothing written.
        kinds.add(n -> {
            final Map<String, String> fields = keyword(n, "STOP");
            fields.put("From", pick(n, "VETCLINIC", "12345", "+1", ""));
            return signed("webhook: signed, sender not E.164", inbound, fields, "invalid");
        });
        kinds.add(n -> {
            final Map<String, String> fields = keyword(n, "STOP");
            fields.put("To", "+15550888888");
            return signed("webhook: signed, to a number no practice owns", inbound, fields, "unknown_number");
        });
        kinds.add(n -> {
            final Map<String, String> fields = keyword(n, "STOP");
            fields.remove("MessageSid");
            return signed("webhook: signed, no MessageSid", inbound, fields, "invalid");
        });
        kinds.add(n -> signed("status callback: signed, no optgate ids", "/twilio/status",
            Map.of("MessageSid", "SM" + n, "MessageStatus", "delivered"), "not_ours"));
        kinds.add(n -> signed("status callback: signed, unknown status", "/twilio/status?tenantId=" + BadRecords.TENANT
            + "&clientId=c-1&requestId=r-" + n + "&attempt=1", Map.of("MessageSid", "SM" + n, "MessageStatus", "exploded"),
            "ignored_status"));
    }

    /** A signed inbound text from set-up client {@code k}'s phone to the practice: applied. */
    public Call validInbound(final String kind, final String from, final String word, final int n) {
        final Map<String, String> fields = keyword(n, word);
        fields.put("From", from);
        return new Call(kind, false, "POST", "/twilio/inbound", FORM, encode(fields),
            Map.of("X-Twilio-Signature", TwilioSignature.of(authToken, publicUrl + "/twilio/inbound", fields)), new Expect.Answer(200));
    }

    private Call signed(final String kind, final String path, final Map<String, String> fields, final String outcome) {
        return new Call(kind, true, "POST", path, FORM, encode(fields),
            Map.of("X-Twilio-Signature", TwilioSignature.of(authToken, publicUrl + path, fields)), new Expect.Ignored(0, outcome));
    }

    private Call form(final String kind, final String path, final Map<String, String> fields, final String signature,
                      final Integer... statuses) {
        return new Call(kind, true, "POST", path, FORM, encode(fields),
            signature == null ? Map.of() : Map.of("X-Twilio-Signature", signature), new Expect.Answer(statuses));
    }

    private static Call put(final String kind, final String path, final String json, final Integer... statuses) {
        return new Call(kind, true, "PUT", path, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of(), new Expect.Answer(statuses));
    }

    private static Call post(final String kind, final String path, final String json, final Integer... statuses) {
        return new Call(kind, true, "POST", path, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of(), new Expect.Answer(statuses));
    }

    private static String consent(final int n) {
        return "/v1/tenants/" + TENANT + "/clients/c-http-" + n + "/sms-consent";
    }

    private static String message(final int n, final String channelAndCategory, final String to, final String body) {
        return "{\"requestId\":\"h-" + n + "\",\"clientId\":\"c-http-" + n + "\",\"to\":\"" + to + "\"," + channelAndCategory
            + ",\"body\":\"" + body + "\"}";
    }

    /** An inbound text as Twilio posts it, from a number of nobody to the practice's number. */
    private static Map<String, String> keyword(final int n, final String word) {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("MessageSid", "SMcorpus" + n);
        fields.put("From", String.format("+1555091%04d", n % 10_000));
        fields.put("To", BadRecords.SMS_FROM);
        fields.put("Body", word);
        return fields;
    }

    private static String pick(final int n, final String... options) {
        return options[(n / 7) % options.length];
    }

    private static byte[] encode(final Map<String, String> fields) {
        final StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> out.append(out.length() == 0 ? "" : "&")
            .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

}
