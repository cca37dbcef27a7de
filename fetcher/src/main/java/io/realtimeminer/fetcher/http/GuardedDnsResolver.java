package io.realtimeminer.fetcher.http;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves host names for HttpClient and drops the addresses the {@link AddressPolicy} refuses.
 * Because HttpClient connects to exactly the addresses returned here, the check cannot be raced
 * by a second DNS answer (no time-of-check/time-of-use gap), and it applies to every redirect.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final DnsResolver delegate;
    private final AddressPolicy policy;

    GuardedDnsResolver(DnsResolver delegate, AddressPolicy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] resolved = delegate.resolve(name);
        List<InetAddress> usable = new ArrayList<>(resolved.length);
        String refused = null;
        for (InetAddress address : resolved) {
            var refusal = policy.refusal(address);
            if (refusal.isEmpty()) {
                usable.add(address);
            } else if (refused == null) {
                refused = "address " + address.getHostAddress() + " of " + name + " is " + refusal.get().label
                        + "; set " + HttpSettings.ALLOW_PRIVATE_ADDRESSES + "=true to allow";
            }
        }
        if (usable.isEmpty()) {
            throw refused == null ? new UnknownHostException(name) : new ForbiddenAddressException(refused);
        }
        return usable.toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
