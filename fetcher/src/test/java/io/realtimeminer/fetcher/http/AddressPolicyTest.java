package io.realtimeminer.fetcher.http;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPolicyTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, LOOPBACK", "127.1.2.3, LOOPBACK", "::1, LOOPBACK",
            "10.0.0.5, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
            "fc00::1, PRIVATE", "fd12:3456::1, PRIVATE",
            "169.254.169.254, LINK_LOCAL", "fe80::1, LINK_LOCAL",
            "100.64.0.1, SHARED", "100.127.255.254, SHARED",
            "224.0.0.1, MULTICAST", "ff02::1, MULTICAST",
            "0.0.0.0, UNSPECIFIED", "::, UNSPECIFIED",
            "255.255.255.255, RESERVED",
            "::ffff:10.1.2.3, PRIVATE", "64:ff9b::a9fe:a9fe, LINK_LOCAL", "2002:7f00:1::1, LOOPBACK"
    })
    void refusesEveryNonPublicRange(String address, AddressPolicy.Range range) throws Exception {
        assertThat(AddressPolicy.PUBLIC_ONLY.refusal(InetAddress.getByName(address))).contains(range);
        assertThat(AddressPolicy.ANY.refusal(InetAddress.getByName(address))).isEmpty();
    }

    /**
     * What a resolver may answer for a name: IPv6 addresses embedding a non-public IPv4 one. Built
     * as Inet6Address (as a resolver's AAAA answer is), not the Inet4Address the literal parses to.
     */
    @ParameterizedTest
    @CsvSource({
            "::ffff:127.0.0.1, LOOPBACK", "::ffff:169.254.169.254, LINK_LOCAL", "::ffff:10.0.0.1, PRIVATE",
            "::ffff:0:127.0.0.1, LOOPBACK", "::ffff:0:192.168.0.1, PRIVATE",
            "::10.0.0.1, PRIVATE", "64:ff9b::127.0.0.1, LOOPBACK", "64:ff9b:1::8.8.8.8, PRIVATE",
            "2002:a9fe:a9fe::1, LINK_LOCAL", "2001:0:a00:1::1, PRIVATE", "2001:0:808:808::80ff:fefe, LOOPBACK",
            "2001:db8::1, RESERVED", "100::1, RESERVED"
    })
    void judgesAnIpv6AnswerByTheIpv4AddressItEmbeds(String address, AddressPolicy.Range range) throws Exception {
        InetAddress answer = Inet6Address.getByAddress("evil.example", InetAddress.getByName(address).getAddress().length == 16
                ? InetAddress.getByName(address).getAddress() : mapped(InetAddress.getByName(address).getAddress()), -1);
        assertThat(answer).isInstanceOf(Inet6Address.class);
        assertThat(AddressPolicy.PUBLIC_ONLY.refusal(answer)).contains(range);
    }

    @Test
    void theResolverRefusesAMappedLoopbackAnswer() throws Exception {
        InetAddress mappedLoopback = Inet6Address.getByAddress("evil.example", mapped(new byte[]{127, 0, 0, 1}), -1);
        DnsResolver dns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) {
                return new InetAddress[]{mappedLoopback};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };

        assertThatThrownBy(() -> new GuardedDnsResolver(dns, AddressPolicy.PUBLIC_ONLY).resolve("evil.example"))
                .isInstanceOf(ForbiddenAddressException.class)
                .hasMessageContaining("is loopback");
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, a, 12, 4);
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:4860:4860::8888", "93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.253.1.1", "2606:4700::1111"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(AddressPolicy.PUBLIC_ONLY.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void theResolverExplainsARefusalAndNamesTheSetting() {
        DnsResolver dns = resolving(Map.of("internal.example", "10.0.0.5"));
        GuardedDnsResolver guarded = new GuardedDnsResolver(dns, AddressPolicy.PUBLIC_ONLY);

        assertThatThrownBy(() -> guarded.resolve("internal.example"))
                .isInstanceOf(ForbiddenAddressException.class)
                .hasMessage("address 10.0.0.5 of internal.example is private; set http.allow.private.addresses=true to allow");
    }

    @Test
    void theResolverKeepsOnlyThePublicAddressesOfAMixedAnswer() throws Exception {
        DnsResolver dns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return new InetAddress[]{InetAddress.getByName("169.254.169.254"), InetAddress.getByName("93.184.215.14")};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };

        assertThat(new GuardedDnsResolver(dns, AddressPolicy.PUBLIC_ONLY).resolve("mixed.example"))
                .containsExactly(InetAddress.getByName("93.184.215.14"));
    }

    /** A DNS that knows a few names and nothing else. */
    static DnsResolver resolving(Map<String, String> names) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                String address = names.get(host);
                if (address == null) {
                    return InetAddress.getAllByName(host);
                }
                return new InetAddress[]{InetAddress.getByName(address)};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }
}
