package io.optgate.platform.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {

    private static final Handler NOTHING = request -> Response.empty(204);

    private static Route route(final HttpMethod method, final String path) {
        return new Route(method, PathTemplate.parse(path), Access.PUBLIC, NOTHING);
    }

    @Test
    void pathParametersAreDecodedPerSegment() {
        final Router router = new Router(List.of(route(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/sms-consent")));

        final Router.Match match = router.match("GET", "/v1/tenants/vet%20co/clients/a%2Fb+c/sms-consent");

        assertThat(match).isInstanceOfSatisfying(Router.Found.class,
                found -> assertThat(found.parameters()).isEqualTo(Map.of("t", "vet co", "c", "a/b+c")));
    }

    @Test
    void aLiteralSegmentWinsOverAParameter() {
        final Route byId = route(HttpMethod.GET, "/v1/tenants/{t}/messages/{id}");
        final Route stats = route(HttpMethod.GET, "/v1/tenants/{t}/messages/stats");
        final Router router = new Router(List.of(byId, stats));

        assertThat(router.match("GET", "/v1/tenants/a/messages/stats"))
                .isInstanceOfSatisfying(Router.Found.class, found -> assertThat(found.route()).isSameAs(stats));
        assertThat(router.match("GET", "/v1/tenants/a/messages/r-1"))
                .isInstanceOfSatisfying(Router.Found.class, found -> assertThat(found.route()).isSameAs(byId));
    }

    @Test
    void aKnownPathWithAnotherMethodListsTheAllowedMethods() {
        final Router router = new Router(List.of(
                route(HttpMethod.GET, "/v1/tenants/{t}/communication-settings"),
                route(HttpMethod.PUT, "/v1/tenants/{t}/communication-settings")));

        assertThat(router.match("DELETE", "/v1/tenants/a/communication-settings"))
                .isEqualTo(new Router.MethodNotAllowed(Set.of(HttpMethod.GET, HttpMethod.PUT)));
        assertThat(router.match("BREW", "/v1/tenants/a/communication-settings"))
                .isInstanceOf(Router.MethodNotAllowed.class);
    }

    @Test
    void unknownPathsEmptyParametersAndBadEscapesAreNotFound() {
        final Router router = new Router(List.of(route(HttpMethod.GET, "/v1/tenants/{t}/messages")));

        assertThat(router.match("GET", "/v1/tenants/a/other")).isInstanceOf(Router.NotFound.class);
        assertThat(router.match("GET", "/v1/tenants//messages")).isInstanceOf(Router.NotFound.class);
        assertThat(router.match("GET", "/v1/tenants/%zz/messages")).isInstanceOf(Router.NotFound.class);
        assertThat(router.match("GET", "/v1/tenants/a/messages/")).isInstanceOf(Router.NotFound.class);
    }

    @Test
    void theRootPathCanBeRouted() {
        final Router router = new Router(List.of(route(HttpMethod.GET, "/")));

        assertThat(router.match("GET", "/")).isInstanceOf(Router.Found.class);
    }

    @Test
    void twoRoutesForTheSameMethodAndShapeAreRefused() {
        assertThatThrownBy(() -> new Router(List.of(
                route(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}"),
                route(HttpMethod.GET, "/v1/tenants/{tenant}/clients/{client}"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conflicting routes");
    }

    @Test
    void malformedTemplatesAreRefused() {
        assertThatThrownBy(() -> PathTemplate.parse("v1/x")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> PathTemplate.parse("/v1//x")).hasMessageContaining("bad segment");
        assertThatThrownBy(() -> PathTemplate.parse("/v1/{a}/{a}")).hasMessageContaining("repeats {a}");
        assertThatThrownBy(() -> PathTemplate.parse("/v1/x{a}")).hasMessageContaining("bad segment");
    }

    @Test
    void aTenantRouteMustNameTheTenant() {
        assertThatThrownBy(() -> new Route(HttpMethod.GET, PathTemplate.parse("/v1/clients/{c}"), Access.TENANT, NOTHING))
                .hasMessageContaining("must have the {t} path parameter");
    }
}
