package io.realtimeminer.fetcher.sites;

import org.apache.hc.client5.http.psl.PublicSuffixMatcher;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;

import java.net.URI;
import java.util.Locale;

/**
 * The site of a host: its registered domain under the Public Suffix List (HttpClient's copy), the
 * unit that a request budget is shared by. {@code www.bbc.co.uk} and {@code feeds.bbc.co.uk} are
 * one site, {@code bbc.co.uk}; private suffixes count as suffixes, so {@code a.github.io} and
 * {@code b.github.io} are two sites, as they are two owners. An IP address, a name without a
 * registered domain ({@code localhost}) or a public suffix itself is its own site.
 */
public final class Sites {

    private static final PublicSuffixMatcher SUFFIXES = PublicSuffixMatcherLoader.getDefault();

    private Sites() {
    }

    /** The site of {@code url}'s host; the whole URL's text when it has no host. */
    public static String of(URI url) {
        return url.getHost() == null ? url.toString() : ofHost(url.getHost());
    }

    /** The site of {@code host} (a name or an address, IPv6 in brackets or not). */
    public static String ofHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("[") || name.indexOf(':') >= 0 || isIpv4(name)) {
            return name;
        }
        // Both lists, ICANN's and the private one (the typed lookup with UNKNOWN gives co.uk for www.bbc.co.uk).
        String root = SUFFIXES.getDomainRoot(name);
        return root == null ? name : root;
    }

    private static boolean isIpv4(String name) {
        int dots = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }
}
