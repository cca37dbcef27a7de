package io.realtimeminer.fetcher.http;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.253.1.1", "2606:4700::1111"})
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
