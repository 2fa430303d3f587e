package io.optgate.platform.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's limits as a client meets them: body size, head and body deadlines, draining on stop. */
class HttpApiLimitsTest {

    private static final int READ_BOUND_MILLIS = 10_000;

    private final AtomicInteger handled = new AtomicInteger();
    private HttpApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop(Duration.ZERO);
        }
    }

    private HttpApi start(final HttpApi.Builder builder, final Routes routes) {
        api = builder.port(0).routes(routes).build().start();
        return api;
    }

    private Routes echo() {
        return Routes.builder().unauthenticated(HttpMethod.POST, "/echo", request -> {
            handled.incrementAndGet();
            return Response.text(200, "text/plain", Integer.toString(request.body().length));
        }).build();
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413AndNeverReachesTheHandler() throws Exception {
        start(HttpApi.builder().maxBodyBytes(100), echo());

        final String answer = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n" + "a".repeat(101));

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(handled).hasValue(0);
    }

    @Test
    void aChunkedBodyThatGrowsOverTheLimitIs413() throws Exception {
        start(HttpApi.builder().maxBodyBytes(100), echo());

        final String chunk = Integer.toHexString(80) + "\r\n" + "a".repeat(80) + "\r\n";
        final String answer = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk + chunk + "0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413").contains("PAYLOAD_TOO_LARGE");
        assertThat(handled).hasValue(0);
    }

    @Test
    void aBodyAtTheLimitIsServed() throws Exception {
        start(HttpApi.builder().maxBodyBytes(100), echo());

        final String answer = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\n"
                + "a".repeat(100));

        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("100");
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadIsClosed() throws Exception {
        start(HttpApi.builder().headerTimeout(Duration.ofMillis(200)).idleTimeout(Duration.ofSeconds(60)), echo());

        try (Socket socket = connect()) {
            final OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();

            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void aHandlerSlowerThanTheHeadDeadlineKeepsItsConnectionForTheNextRequest() throws Exception {
        final CountDownLatch neverReleased = new CountDownLatch(1);
        start(HttpApi.builder().headerTimeout(Duration.ofMillis(100)), Routes.builder()
                .unauthenticated(HttpMethod.GET, "/slow", request -> {
                    // Three head deadlines pass while this runs.
                    neverReleased.await(300, TimeUnit.MILLISECONDS);
                    return Response.text(200, "text/plain", "slow");
                }).build());
        final TestClient client = new TestClient(api);

        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/slow").body()).isEqualTo("slow");
        }
    }

    @Test
    void aBodyThatStopsArrivingIs408() throws Exception {
        start(HttpApi.builder().bodyTimeout(Duration.ofMillis(200)).idleTimeout(Duration.ofSeconds(60)), echo());

        try (Socket socket = connect()) {
            final OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nhalf".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            final String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"REQUEST_TIMEOUT\"");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void stopDrainsEveryRunningRequestAndRefusesNewOnes() throws Exception {
        final int running = 3;
        final CountDownLatch entered = new CountDownLatch(running);
        final CountDownLatch release = new CountDownLatch(1);
        start(HttpApi.builder(), Routes.builder()
                .unauthenticated(HttpMethod.POST, "/slow", request -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return Response.text(200, "text/plain", request.bodyText());
                })
                .unauthenticated(HttpMethod.GET, "/fast", request -> Response.ok("fast"))
                .build());
        final TestClient client = new TestClient(api);
        final TestClient lateClient = new TestClient(api);
        final List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < running; i++) {
            final String body = "call " + i;
            calls.add(CompletableFuture.supplyAsync(() -> client.send("POST", "/slow", body)));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        final CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> api.stop(Duration.ofSeconds(10)));
        final CompletableFuture<Integer> late = CompletableFuture.supplyAsync(() -> {
            try {
                return lateClient.get("/fast").statusCode();
            } catch (final RuntimeException refused) {
                return -1;
            }
        });
        final int lateStatus = late.get(10, TimeUnit.SECONDS);
        final boolean stoppedBeforeRelease = stopping.isDone();
        release.countDown();

        for (int i = 0; i < running; i++) {
            final HttpResponse<String> answer = calls.get(i).get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("call " + i);
        }
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(stoppedBeforeRelease).as("stop waits for running requests").isFalse();
        assertThat(lateStatus).as("a request after stop began is refused or 503").isIn(-1, 503);
    }

    private Socket connect() throws IOException {
        final Socket socket = new Socket("127.0.0.1", api.port());
        socket.setSoTimeout(READ_BOUND_MILLIS);
        return socket;
    }

    private String exchange(final String raw) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            final InputStream in = socket.getInputStream();
            final byte[] buffer = new byte[8192];
            final StringBuilder answer = new StringBuilder();
            int read;
            // Read until the server closes, or until the announced body is complete.
            while ((read = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                if (complete(answer.toString())) {
                    break;
                }
            }
            return answer.toString();
        }
    }

    private static boolean complete(final String answer) {
        final int headEnd = answer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        final String head = answer.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT);
        final int at = head.indexOf("content-length: ");
        if (at < 0) {
            return false;
        }
        final int length = Integer.parseInt(head.substring(at + 16).split("\r\n")[0].trim());
        return answer.length() - headEnd - 4 >= length;
    }
}
