package io.connectors.platform.security;

/**
 * Realm roles carried in the token ({@code realm_access.roles}). Any authenticated user of an org may read.
 *
 * <p>Service-to-service calls follow least privilege: {@link #SERVICE} only says that the caller is a control-plane
 * service, and every service-only endpoint demands a capability role of its own, which the realm
 * ({@code deploy/local/keycloak/connectors-realm.json}) gives only to the service clients that call that endpoint. So a
 * leaked or misused schema-registry token cannot ask for a decision or read an envelope. Each capability's javadoc
 * names its holders ("Held by:"); {@code deploy/k8s/validation/validate.mjs} checks the realm against exactly that.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String DEPLOYER = "deployer";
    public static final String APPROVER = "approver";
    public static final String AUDITOR = "auditor";
    /**
     * A control-plane service calling another with a client-credential token: its org comes from the request and its
     * audit actor is a service. It opens no service-only endpoint by itself. Held by: every service client.
     */
    public static final String SERVICE = "service";

    /**
     * {@code POST /v1/decisions} on policy-service: a decision (and an approval when escalated) for any org named in
     * the body. Held by: execution-service.
     */
    public static final String DECISIONS_REQUEST = "decisions:request";
    /**
     * {@code GET /internal/v1/orgs/{org_id}/connectors/{id}} on config-service: a connector's current config event,
     * credentials as the cipher's envelope, for any org named in the path. Held by: execution-service.
     */
    public static final String CONNECTORS_LOOKUP = "connectors:lookup";

    private Roles() {
    }
}
