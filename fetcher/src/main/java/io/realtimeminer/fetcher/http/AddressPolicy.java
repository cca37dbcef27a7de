package io.realtimeminer.fetcher.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses the fetcher may connect to. By default only public ones: a template must not
 * make the fetcher reach a database on the private network or a cloud metadata service.
 */
final class AddressPolicy {

    /** The kinds of address that are not on the public internet. */
    enum Range {
        LOOPBACK("loopback"),
        PRIVATE("private"),
        LINK_LOCAL("link-local"),
        SHARED("shared (carrier-grade NAT, 100.64.0.0/10)"),
        MULTICAST("multicast"),
        UNSPECIFIED("unspecified"),
        RESERVED("reserved");

        final String label;

        Range(String label) {
            this.label = label;
        }
    }

    static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(EnumSet.noneOf(Range.class));
    static final AddressPolicy ANY = new AddressPolicy(EnumSet.allOf(Range.class));

    private final Set<Range> allowed;

    AddressPolicy(Set<Range> allowed) {
        this.allowed = allowed.isEmpty() ? EnumSet.noneOf(Range.class) : EnumSet.copyOf(allowed);
    }

    static AddressPolicy of(boolean allowPrivate) {
        return allowPrivate ? ANY : PUBLIC_ONLY;
    }

    /** Why the address is refused, or empty if it may be used. */
    Optional<Range> refusal(InetAddress address) {
        return range(address).filter(range -> !allowed.contains(range));
    }

    /** The non-public range the address is in, or empty for a public address. */
    static Optional<Range> range(InetAddress address) {
        if (address instanceof Inet4Address) {
            return ipv4(address.getAddress());
        }
        if (address instanceof Inet6Address) {
            return ipv6(address.getAddress());
        }
        return Optional.of(Range.RESERVED);
    }

    private static Optional<Range> ipv4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 0) {
            return Optional.of(Range.UNSPECIFIED);
        }
        if (b0 == 127) {
            return Optional.of(Range.LOOPBACK);
        }
        if (b0 == 10 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168) {
            return Optional.of(Range.PRIVATE);
        }
        if (b0 == 169 && b1 == 254) {
            return Optional.of(Range.LINK_LOCAL);
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return Optional.of(Range.SHARED);
        }
        if (b0 >= 224 && b0 <= 239) {
            return Optional.of(Range.MULTICAST);
        }
        if (b0 >= 240 || b0 == 192 && b1 == 0 && (a[2] & 0xff) == 0 || b0 == 198 && (b1 & 0xfe) == 18) {
            return Optional.of(Range.RESERVED);
        }
        return Optional.empty();
    }

    /**
     * IPv6 addresses, with every form that embeds an IPv4 address judged by that address: a
     * resolver's AAAA answer {@code ::ffff:127.0.0.1} reaches 127.0.0.1 just as the literal does.
     */
    private static Optional<Range> ipv6(byte[] a) {
        if (zeros(a, 0, 12)) {
            int last = (a[12] | a[13] | a[14]) & 0xff;
            if (last == 0 && (a[15] & 0xff) <= 1) {
                return Optional.of(a[15] == 0 ? Range.UNSPECIFIED : Range.LOOPBACK);
            }
            return ipv4(a, 12); // IPv4-compatible ::a.b.c.d
        }
        // IPv4-mapped ::ffff:a.b.c.d (a host's dual-stack socket connects to a.b.c.d).
        if (zeros(a, 0, 10) && ones(a, 10, 12)) {
            return ipv4(a, 12);
        }
        // IPv4-translated ::ffff:0:a.b.c.d (SIIT, RFC 7915).
        if (zeros(a, 0, 8) && ones(a, 8, 10) && zeros(a, 10, 12)) {
            return ipv4(a, 12);
        }
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        // Addresses that embed an IPv4 address reach that address: NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
        if (b0 == 0x00 && b1 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
            if (!zeros(a, 4, 12)) {
                // 64:ff9b:1::/48, NAT64 for a local network (RFC 8215): its targets are private by design.
                return Optional.of(Range.PRIVATE);
            }
            return ipv4(a, 12);
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return ipv4(a, 2);
        }
        // Teredo (2001::/32): the server's IPv4 address, and the client's, inverted, in the last four bytes.
        if (b0 == 0x20 && b1 == 0x01 && a[2] == 0 && a[3] == 0) {
            byte[] client = {(byte) ~a[12], (byte) ~a[13], (byte) ~a[14], (byte) ~a[15]};
            return ipv4(a, 4).or(() -> ipv4(client, 0));
        }
        if ((b0 & 0xfe) == 0xfc) {
            return Optional.of(Range.PRIVATE);
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return Optional.of(Range.LINK_LOCAL);
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return Optional.of(Range.PRIVATE); // site-local, deprecated but still routed privately
        }
        if (b0 == 0xff) {
            return Optional.of(Range.MULTICAST);
        }
        // Discard-only (100::/64) and documentation (2001:db8::/32) addresses.
        if (b0 == 0x01 && b1 == 0x00 && zeros(a, 2, 8) || b0 == 0x20 && b1 == 0x01 && (a[2] & 0xff) == 0x0d && (a[3] & 0xff) == 0xb8) {
            return Optional.of(Range.RESERVED);
        }
        return Optional.empty();
    }

    private static Optional<Range> ipv4(byte[] a, int offset) {
        return ipv4(new byte[]{a[offset], a[offset + 1], a[offset + 2], a[offset + 3]});
    }

    private static boolean zeros(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean ones(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }
}
