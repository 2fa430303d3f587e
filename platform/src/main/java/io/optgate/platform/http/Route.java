package io.optgate.platform.http;

import java.util.Objects;

/**
 * One method and path template, who may call it, and its handler.
 *
 * @param method the request method
 * @param path the path template, e.g. {@code /v1/tenants/{t}/messages}
 * @param access {@link Access#TENANT} routes must have the {@code {t}} parameter
 * @param handler answers the request
 */
public record Route(HttpMethod method, PathTemplate path, Access access, Handler handler) {

    /** The path parameter that names the tenant on {@link Access#TENANT} routes. */
    public static final String TENANT_PARAMETER = "t";

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
        if (access == Access.TENANT && !path.hasParameter(TENANT_PARAMETER)) {
            throw new IllegalArgumentException("tenant route " + method + " " + path
                    + " must have the {" + TENANT_PARAMETER + "} path parameter");
        }
    }

    /** {@code GET /health}, for logs and error messages. */
    @Override
    public String toString() {
        return method + " " + path + " (" + access + ")";
    }
}
