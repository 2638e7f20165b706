package io.connectors.types.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literals, parsed without a name lookup. Only the canonical dotted-quad form counts as IPv4: the other forms that
 * resolvers and browsers accept differently ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1})
 * are recognised as ambiguous so the guard can refuse them.
 */
final class IpLiterals {

    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern NUMERIC_PART = Pattern.compile("[0-9]+|0x[0-9a-f]*");

    private IpLiterals() {
    }

    /** The address of a canonical IPv4 or an IPv6 literal (without brackets or zone), else empty. */
    static Optional<InetAddress> parse(String host) {
        if (host.indexOf(':') >= 0) {
            if (host.indexOf('%') >= 0 || !host.matches("[0-9a-fA-F:.]+")) {
                return Optional.empty();
            }
            return literal(host);
        }
        return isCanonicalIpv4(host) ? literal(host) : Optional.empty();
    }

    /** Every dot-separated part is a decimal or hexadecimal number, but not as four canonical octets. */
    static boolean isAmbiguousNumeric(String host) {
        String[] parts = host.split("\\.", -1);
        for (String part : parts) {
            if (!NUMERIC_PART.matcher(part).matches()) {
                return false;
            }
        }
        return !isCanonicalIpv4(host);
    }

    private static boolean isCanonicalIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static Optional<InetAddress> literal(String text) {
        try {
            // A literal: no lookup happens.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
