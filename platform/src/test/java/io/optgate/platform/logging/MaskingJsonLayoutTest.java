package io.optgate.platform.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingJsonLayoutTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();
    private Logger log;

    @BeforeEach
    void logToMemoryWithTheLayout() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.start();
        final MaskingJsonLayout layout = new MaskingJsonLayout();
        layout.setContext(context);
        layout.start();
        final LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();

        log = context.getLogger("io.optgate.example");
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        log.addAppender(appender);
    }

    @AfterEach
    void stop() {
        MDC.clear();
        context.stop();
    }

    @Test
    void eachEventIsOneJsonLineWithPhonesMaskedEverywhere() throws Exception {
        MDC.put("phoneKey", "vet-1:+15551234567");
        log.atInfo().setMessage("sms handed to Twilio for {}").addArgument("+15551234567")
                .addKeyValue("requestId", "r-42").addKeyValue("to", "+447700900123").log();

        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("5551234567", "7700900123").endsWith("\n");
        assertThat(text.strip().lines()).hasSize(1);
        final JsonNode line = new ObjectMapper().readTree(text);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("io.optgate.example");
        assertThat(line.get("msg").asText()).isEqualTo("sms handed to Twilio for +*********67");
        assertThat(line.get("requestId").asText()).isEqualTo("r-42");
        assertThat(line.get("to").asText()).isEqualTo("+**********23");
        assertThat(line.get("phoneKey").asText()).isEqualTo("vet-1:+*********67");
        assertThat(line.get("ts").asText()).endsWith("Z");
    }

    @Test
    void anExceptionStaysOnTheSameLineWithItsMessageMasked() throws Exception {
        log.warn("send failed\nretrying", new IllegalStateException("Twilio refused +15551234567"));

        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.strip().lines()).hasSize(1);
        assertThat(text).doesNotContain("5551234567");
        final JsonNode line = new ObjectMapper().readTree(text);
        assertThat(line.get("msg").asText()).isEqualTo("send failed\nretrying");
        assertThat(line.get("error").asText()).isEqualTo("java.lang.IllegalStateException: Twilio refused +*********67");
        assertThat(line.get("stack").asText()).contains("MaskingJsonLayoutTest");
    }
}
