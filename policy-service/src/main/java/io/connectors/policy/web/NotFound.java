package io.connectors.policy.web;

import io.connectors.platform.error.Problem;
import jakarta.ws.rs.core.Response;

/** The 404 of a resource whose service found nothing (absent, deleted, or another org's: they look the same). */
public final class NotFound {

    private NotFound() {
    }

    public static Response of(String path, String what) {
        return Response.status(Response.Status.NOT_FOUND).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(404, "Not Found", "No such " + what).withInstance(path))
                .build();
    }
}
