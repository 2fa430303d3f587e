package io.optgate.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per log event, on one line, with every phone number masked
 * ({@link PhoneMasking}) in the message, the key/value pairs, the MDC and the exception:
 *
 * <pre>{"ts":"2026-01-05T10:15:30.123Z","level":"INFO","logger":"io.optgate...","thread":"main",
 * "msg":"sent","requestId":"r-1","to":"+*********67"}</pre>
 *
 * <p>Key/value pairs given with SLF4J's fluent API ({@code log.atInfo().addKeyValue("requestId", id)})
 * and MDC entries become top-level fields; an exception becomes {@code error} (class and message)
 * and {@code stack} (the trace, lines joined by {@code \n} escapes). Message bodies are never
 * logged by optgate's code, so this layout does not try to find them.
 */
public final class MaskingJsonLayout extends LayoutBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String doLayout(final ILoggingEvent event) {
        final StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("msg", PhoneMasking.mask(event.getFormattedMessage()));
            final List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (final KeyValuePair pair : pairs) {
                    json.writeStringField(pair.key, PhoneMasking.mask(String.valueOf(pair.value)));
                }
            }
            final Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (final Map.Entry<String, String> e : mdc.entrySet()) {
                    json.writeStringField(e.getKey(), PhoneMasking.mask(e.getValue()));
                }
            }
            final IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.writeStringField("error", PhoneMasking.mask(error.getClassName() + ": " + error.getMessage()));
                json.writeStringField("stack", PhoneMasking.mask(ThrowableProxyUtil.asString(error)));
            }
            json.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    @Override
    public String getContentType() {
        return "application/json";
    }
}
