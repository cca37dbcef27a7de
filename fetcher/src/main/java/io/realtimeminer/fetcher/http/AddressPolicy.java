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

    private static Optional<Range> ipv6(byte[] a) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 12; i++) {
            zeroPrefix &= a[i] == 0;
        }
        if (zeroPrefix) {
            int last = (a[12] | a[13] | a[14]) & 0xff;
            if (last == 0 && (a[15] & 0xff) <= 1) {
                return Optional.of(a[15] == 0 ? Range.UNSPECIFIED : Range.LOOPBACK);
            }
            return ipv4(new byte[]{a[12], a[13], a[14], a[15]}); // IPv4-compatible ::a.b.c.d
        }
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        // Addresses that embed an IPv4 address reach that address: NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
        if (b0 == 0x00 && b1 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
            return ipv4(new byte[]{a[12], a[13], a[14], a[15]});
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return ipv4(new byte[]{a[2], a[3], a[4], a[5]});
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
        return Optional.empty();
    }
}
