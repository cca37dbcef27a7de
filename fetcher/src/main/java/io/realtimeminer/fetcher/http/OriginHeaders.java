package io.realtimeminer.fetcher.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one rule of which request headers may go where, for a redirect's next hop and for an item's
 * detail document alike: to the origin they were given for (scheme, host and port of the
 * template's URL) every header goes; to any other origin only those that cannot carry a
 * credential (content negotiation, validators), never Authorization, a cookie or a template's own
 * API-key header.
 */
public final class OriginHeaders {

    /** Headers that say what the client wants, never who it is. */
    private static final Set<String> ANYWHERE = Set.of("accept", "accept-language", "accept-encoding", "accept-charset",
            "cache-control", "pragma", "if-none-match", "if-modified-since", "user-agent");

    private OriginHeaders() {
    }

    /** The headers of {@code headers}, given for {@code origin}'s origin, that may go to {@code target}. */
    public static Map<String, String> forTarget(Map<String, String> headers, URI origin, URI target) {
        if (sameOrigin(origin, target)) {
            return headers;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (ANYWHERE.contains(name.toLowerCase(Locale.ROOT))) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme())) && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
