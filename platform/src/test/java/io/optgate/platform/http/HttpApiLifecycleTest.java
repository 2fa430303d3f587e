package io.optgate.platform.http;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpApiLifecycleTest {

    @Test
    void stoppingLetsARunningRequestFinish() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final HttpApi api = HttpApi.builder()
                .port(0)
                .routes(Routes.builder().unauthenticated(HttpMethod.GET, "/slow", request -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return Response.ok("done");
                }).build())
                .build()
                .start();
        final TestClient client = new TestClient(api);

        final CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(() -> client.get("/slow"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        final CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> api.stop(Duration.ofSeconds(10)));
        release.countDown();

        assertThat(running.get(10, TimeUnit.SECONDS).body()).isEqualTo("\"done\"");
        stopping.get(10, TimeUnit.SECONDS);
    }

    @Test
    void stopIsIdempotentAndStartTwiceIsRefused() {
        final HttpApi api = HttpApi.builder().port(0).build().start();

        assertThatThrownBy(api::start).isInstanceOf(IllegalStateException.class);
        api.stop(Duration.ZERO);
        api.stop(Duration.ZERO);
    }

    @Test
    void aTakenPortFailsStartClearly() {
        try (HttpApi first = HttpApi.builder().port(0).build().start()) {
            final HttpApi second = HttpApi.builder().port(first.port()).build();

            assertThatThrownBy(second::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot listen on");
        }
    }
}
