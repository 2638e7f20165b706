package io.connectors.types.runtime;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings of a request that differ from the defaults: how the server is verified, extra trusted authorities and
 * a client certificate (mutual TLS).
 *
 * @param trust null for the system trust store
 * @param keys  null for no client certificate
 */
public record ClientTls(Verification verification, TrustManagerFactory trust, KeyManagerFactory keys) {

    public enum Verification {
        /** Certificate chain and host name. */
        FULL,
        /** Certificate chain only. */
        CERTIFICATE,
        /** Nothing: the connection is encrypted but the server is not authenticated. */
        NONE
    }

    public ClientTls {
        if (verification == null) {
            throw new IllegalArgumentException("verification is required");
        }
    }

    /** The same server verification without the client certificate: a redirect to another origin must not get it. */
    ClientTls withoutClientKey() {
        return new ClientTls(verification, trust, null);
    }
}
