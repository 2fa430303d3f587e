package io.optgate.platform.console;

import io.optgate.platform.http.Access;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Route;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleRoutesTest {

    private static Route route(final String template) {
        return ConsoleRoutes.create().asList().stream().filter(r -> r.path().toString().equals(template)).findFirst().orElseThrow();
    }

    private static Response get(final String template, final Map<String, String> parameters) throws Exception {
        return route(template).handler().handle(Request.builder(HttpMethod.GET, "/console").pathParameters(parameters).build());
    }

    private static String text(final Response response) {
        return new String(((Response.Bytes) response.body()).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void thePageAndEveryScriptItLoadsAreServedWithoutAKey() throws Exception {
        assertThat(ConsoleRoutes.create().asList()).allMatch(r -> r.access() == Access.PUBLIC && r.method() == HttpMethod.GET);
        final String page = text(get("/console", Map.of()));
        assertThat(page).contains("<title>optgate console</title>").doesNotContain("http://", "https://");
        for (final String file : page.split("src=\"/console/")) {
            if (file.startsWith("<")) {
                continue;
            }
            final String name = file.substring(0, file.indexOf('"'));
            assertThat(get("/console/{file}", Map.of("file", name)).status()).as(name).isEqualTo(200);
        }
        assertThat(((Response.Bytes) get("/console/{file}", Map.of("file", "console.css")).body()).contentType()).startsWith("text/css");
        assertThat(text(get("/console/{file}", Map.of("file", "")))).isEqualTo(page);
    }

    @Test
    void nothingElseIsServed() {
        assertThatThrownBy(() -> get("/console/{file}", Map.of("file", "ConsoleRoutes.class")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
