package io.connectors.platform.security;

/** Realm roles carried in the token ({@code realm_access.roles}). Any authenticated user of an org may read. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String DEPLOYER = "deployer";
    public static final String APPROVER = "approver";
    public static final String AUDITOR = "auditor";
    /** A control-plane service calling another with a client-credential token. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
