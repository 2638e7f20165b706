package io.connectors.platform.security;

import java.util.Set;

/**
 * Who is calling, taken from the verified token only. {@code orgId} is the tenant every query is scoped to; it never
 * comes from a request body. A service caller has no org of its own: it acts for the org named in the request.
 */
public record Caller(String subject, String username, String orgId, Set<String> roles, boolean service) {

    public boolean hasAnyRole(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** How this caller appears in audit records: never a token, only stable identifiers. */
    public String displayName() {
        return username == null ? subject : username;
    }
}
