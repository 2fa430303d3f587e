package io.optgate.dispatcher.twilio;

import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two webhooks as platform HTTP routes ({@code POST /twilio/status}, {@code POST /twilio/inbound}),
 * taking no bearer key as the contract says: Twilio proves itself with X-Twilio-Signature instead.
 */
public final class TwilioRoutes {

    /** The header Twilio signs its requests with. */
    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private TwilioRoutes() {
    }

    /** The routes answering with {@code webhooks}. */
    public static Routes of(final TwilioWebhooks webhooks) {
        return Routes.builder()
                .unauthenticated(HttpMethod.POST, TwilioWebhooks.STATUS_PATH, request -> answer(webhooks.status(call(request))))
                .unauthenticated(HttpMethod.POST, TwilioWebhooks.INBOUND_PATH, request -> answer(webhooks.inbound(call(request))))
                .build();
    }

    static WebhookCall call(final Request request) {
        final Map<String, String> query = new LinkedHashMap<>();
        for (final Map.Entry<String, List<String>> parameter : request.queryParameters().entrySet()) {
            if (!parameter.getValue().isEmpty()) {
                query.put(parameter.getKey(), parameter.getValue().get(0));
            }
        }
        return new WebhookCall(request.pathAndQuery(), query, request.header(SIGNATURE_HEADER), request.form());
    }

    static Response answer(final WebhookAnswer answer) {
        if (answer.contentType() == null) {
            return Response.empty(answer.status());
        }
        return Response.text(answer.status(), answer.contentType(), answer.body());
    }
}
