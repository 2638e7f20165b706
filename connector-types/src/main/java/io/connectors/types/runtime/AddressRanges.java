package io.connectors.types.runtime;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The address ranges a connector must not reach unless allowed: everything that is not a public unicast address.
 * IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the embedded address.
 */
final class AddressRanges {

    private static final List<Map.Entry<Cidr, String>> RANGES = List.of(
            range("0.0.0.0/8", "unspecified"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared (carrier-grade NAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "reserved"),
            range("192.0.2.0/24", "documentation"),
            range("192.88.99.0/24", "reserved"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "reserved"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("100::/64", "reserved"),
            range("2001::/32", "reserved (Teredo)"),
            range("2001:db8::/32", "documentation"),
            range("fc00::/7", "private"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "private"),
            range("ff00::/8", "multicast"));

    private static final Cidr COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private AddressRanges() {
    }

    /** Why {@code address} is not a public unicast address, or empty when it is. */
    static Optional<String> nonPublic(InetAddress address) {
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return nonPublic(embedded.get());
        }
        return RANGES.stream().filter(range -> range.getKey().contains(address)).map(Map.Entry::getValue).findFirst();
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        int from;
        if (isMapped(bytes) || NAT64.contains(address)) {
            from = 12;
        } else if (COMPATIBLE.contains(address) && !isZeroOrOne(bytes)) {
            from = 12;
        } else if (SIX_TO_FOUR.contains(address)) {
            from = 2;
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(Inet4Address.getByAddress(Arrays.copyOfRange(bytes, from, from + 4)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code ::ffff:a.b.c.d}. Java turns these into IPv4 addresses when it parses or resolves them, but an
     * {@link Inet6Address} built from raw bytes keeps the IPv6 form.
     */
    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** {@code ::} and {@code ::1} are their own ranges, not IPv4-compatible forms of 0.0.0.0 and 0.0.0.1. */
    private static boolean isZeroOrOne(byte[] bytes) {
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 0 || bytes[15] == 1;
    }

    private static Map.Entry<Cidr, String> range(String cidr, String kind) {
        return Map.entry(Cidr.parse(cidr), kind);
    }
}
