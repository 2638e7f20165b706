package io.connectors.types.runtime;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a host may be reached, and at which address. The host must be on the global or the org's
 * allow-list; it is then resolved once and every address checked: a non-public address (loopback, private,
 * link-local, metadata, ...) is refused unless {@code connectors.outbound.allowed-private-hosts} names the host or the
 * address. The caller connects to the returned address, so a second lookup cannot answer differently (DNS rebinding).
 */
@Singleton
public class OutboundGuard {

    private static final Logger LOG = Logger.getLogger(OutboundGuard.class);

    private final HostResolver resolver;
    private final List<String> allowedHosts;
    private final List<String> privateHosts = new ArrayList<>();
    private final List<Cidr> privateRanges = new ArrayList<>();

    @Inject
    public OutboundGuard(HostResolver resolver, OutboundConfig config) {
        this.resolver = resolver;
        this.allowedHosts = config.allowedHosts().stream().map(OutboundGuard::normalize).toList();
        for (String entry : config.allowedPrivateHosts().orElse(List.of())) {
            String host = normalize(entry);
            if (host.contains("/") || IpLiterals.parse(host).isPresent()) {
                privateRanges.add(Cidr.parse(host));
            } else {
                privateHosts.add(host);
            }
        }
    }

    /** A URL a connector may call at all: http or https, a host, no user info. Says nothing about the host yet. */
    public static URI checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ConnectorException.blocked("Only http and https URLs may be called, not '" + printable(scheme) + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw ConnectorException.blocked("URLs with user info (user@host) are refused; put credentials in the credentials");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw ConnectorException.blocked("The URL has no valid host name");
        }
        return url;
    }

    /** The address to connect to for {@code host}; fails with a {@link ConnectorException.Fault#BLOCKED} error. */
    public Uni<InetAddress> admit(String rawHost, OutboundPolicy policy) {
        String host = normalize(rawHost);
        if (host.isEmpty() || host.indexOf('%') >= 0) {
            return refuse(host, "The host name is not valid");
        }
        if (IpLiterals.isAmbiguousNumeric(host)) {
            return refuse(host, "Host " + printable(host) + " is a non-canonical numeric address; write it as four decimal octets");
        }
        if (!allowed(host, allowedHosts) && !allowed(host, policy.allowedHosts().stream().map(OutboundGuard::normalize).toList())) {
            return refuse(host, "Host " + printable(host) + " is not on the outbound allow-list");
        }
        Optional<InetAddress> literal = IpLiterals.parse(host);
        Uni<List<InetAddress>> addresses = literal.isPresent()
                ? Uni.createFrom().item(List.of(literal.get()))
                : resolver.resolve(host).onFailure().transform(failure -> ConnectorException.external(
                        "Host " + printable(host) + " could not be resolved", true));
        return addresses.onItem().transform(resolved -> check(host, resolved));
    }

    private InetAddress check(String host, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw ConnectorException.external("Host " + printable(host) + " could not be resolved", true);
        }
        boolean hostAllowedPrivate = privateHosts.contains(host);
        for (InetAddress address : addresses) {
            Optional<String> kind = AddressRanges.nonPublic(address);
            if (kind.isPresent() && !hostAllowedPrivate && privateRanges.stream().noneMatch(range -> range.contains(address))) {
                LOG.warnf("Refused an outbound call to %s: it resolves to a %s address", printable(host), kind.get());
                // The address itself is not shown: it would map the internal network for the caller.
                throw ConnectorException.blocked("Host " + printable(host) + " resolves to a " + kind.get()
                        + " address, which connectors may not reach");
            }
        }
        return addresses.get(0);
    }

    private static boolean allowed(String host, List<String> patterns) {
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(host) || (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private <T> Uni<T> refuse(String host, String message) {
        LOG.warnf("Refused an outbound call to %s", printable(host));
        return Uni.createFrom().failure(ConnectorException.blocked(message));
    }

    /** Lower case, without IPv6 brackets or a final dot; IPv6 literals in one canonical form. */
    static String normalize(String host) {
        String value = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.endsWith(".")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.indexOf(':') >= 0 && value.indexOf('/') < 0) {
            value = IpLiterals.parse(value).map(InetAddress::getHostAddress).orElse(value);
        }
        return value;
    }

    /** Host names go into messages and logs: keep them short and printable. */
    private static String printable(String text) {
        String clean = text.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
