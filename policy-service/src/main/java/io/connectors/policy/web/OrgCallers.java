package io.connectors.policy.web;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.security.Caller;

/** User endpoints act in the caller's org, from the token; a caller without one (a service token) cannot use them. */
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
