package io.connectors.config.web;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.security.Caller;

/** The org a request acts in comes from the token only; a token without one (a service's) cannot use org endpoints. */
public final class OrgCallers {

    private OrgCallers() {
    }

    public static String orgOf(Caller caller) {
        if (caller.orgId() == null || caller.orgId().isBlank()) {
            throw ApiException.forbidden("This endpoint acts in the caller's organization; the token names none");
        }
        return caller.orgId();
    }
}
