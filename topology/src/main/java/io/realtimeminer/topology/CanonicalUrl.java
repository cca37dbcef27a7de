package io.realtimeminer.topology;

import crawlercommons.filters.basic.BasicURLNormalizer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The canonical form of a link: two sources that link the same story in different ways get the
 * same string, which is the story's identity across sources.
 *
 * <p>The rules, in order:
 * <ol>
 * <li>only absolute {@code http} and {@code https} links have a canonical form; anything else
 *     (relative, {@code mailto:}, unparsable) has none;</li>
 * <li>the fragment ({@code #...}) and any user info are dropped;</li>
 * <li>scheme and host are lower-cased, an internationalised host is written in punycode, and the
 *     default port (80 for http, 443 for https) is dropped; the scheme itself is kept
 *     ({@code http} and {@code https} stay two URLs), and so is a {@code www.} prefix;</li>
 * <li>percent-encoding is normalised: escapes of unreserved characters are decoded
 *     ({@code %7E} becomes {@code ~}), other escapes are upper-cased ({@code %2f} becomes
 *     {@code %2F}), and characters that must be escaped are ({@code ä} becomes {@code %C3%A4});</li>
 * <li>dot segments and empty segments of the path are resolved ({@code /a/./b//c/../d} becomes
 *     {@code /a/b/d});</li>
 * <li>trailing slash: the root path is always {@code /}; any other path loses its trailing slash
 *     ({@code /news/story/} becomes {@code /news/story}), because sites serve both as one page and
 *     feeds differ in which one they write;</li>
 * <li>tracking parameters are removed from the query: names matched case-insensitively against
 *     the configured list, where an entry ending in {@code *} is a prefix ({@code utm_*});</li>
 * <li>the remaining parameters are sorted by name (parameters of the same name keep their order),
 *     parameters without a name are dropped, and an empty query disappears with its {@code ?}.</li>
 * </ol>
 * Steps 2 to 5 and the sorting are crawler-commons' {@link BasicURLNormalizer}; this class adds the
 * scheme filter, the tracking-parameter patterns, the trailing-slash rule and a work-around (see
 * {@link #withUnreservedPathEscapesDecoded}).
 */
public final class CanonicalUrl {

    /** Query parameters that only say where a click came from; an entry ending in {@code *} is a prefix. */
    public static final List<String> DEFAULT_TRACKING_PARAMETERS = List.of(
            "utm_*",                                              // Google Analytics campaign tags
            "fbclid", "igshid",                                   // Facebook, Instagram
            "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "_ga", "_gl", "srsltid", // Google
            "msclkid",                                            // Microsoft Ads
            "mc_cid", "mc_eid",                                   // Mailchimp
            "ref_src", "ref_url", "twclid",                       // Twitter / X
            "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsctatracking", // HubSpot
            "yclid", "_openstat",                                 // Yandex
            "mkt_tok",                                            // Marketo
            "vero_id", "vero_conv",                               // Vero
            "oly_anon_id", "oly_enc_id",                          // Omeda
            "rb_clickid", "s_cid", "ttclid", "li_fat_id", "wickedid");

    private final BasicURLNormalizer normalizer = BasicURLNormalizer.newBuilder().build();
    private final Set<String> exactNames = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    /** With {@link #DEFAULT_TRACKING_PARAMETERS}. */
    public CanonicalUrl() {
        this(DEFAULT_TRACKING_PARAMETERS);
    }

    /** Removing the query parameters {@code trackingParameters} (names, or prefixes ending in {@code *}). */
    public CanonicalUrl(Collection<String> trackingParameters) {
        for (String pattern : trackingParameters) {
            String name = pattern.trim().toLowerCase(Locale.ROOT);
            if (name.endsWith("*")) {
                prefixes.add(name.substring(0, name.length() - 1));
            } else if (!name.isEmpty()) {
                exactNames.add(name);
            }
        }
    }

    /** The canonical form of {@code url}; empty for null, blank, relative, non-http(s) or unparsable links. */
    public Optional<String> of(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String trimmed = url.trim();
        if (!trimmed.regionMatches(true, 0, "http://", 0, 7) && !trimmed.regionMatches(true, 0, "https://", 0, 8)) {
            return Optional.empty();
        }
        String normalized;
        try {
            normalized = normalizer.filter(withUnreservedPathEscapesDecoded(trimmed));
        } catch (RuntimeException unparsable) {
            return Optional.empty();
        }
        if (normalized == null) {
            return Optional.empty();
        }
        int queryStart = normalized.indexOf('?');
        String beforeQuery = queryStart < 0 ? normalized : normalized.substring(0, queryStart);
        String query = queryStart < 0 ? "" : withoutTrackingParameters(normalized.substring(queryStart + 1));
        return Optional.of(withoutTrailingSlash(beforeQuery) + (query.isEmpty() ? "" : "?" + query));
    }

    /**
     * crawler-commons 1.6 decodes escapes in the whole path-and-query but splits them at the index
     * of {@code ?} it found before decoding, so a path with such an escape ({@code /%7Eu?q=1})
     * comes out garbled ({@code /~u?q?1}). Decoding the path first leaves it nothing to shorten.
     */
    static String withUnreservedPathEscapesDecoded(String url) {
        int fragment = url.indexOf('#');
        String withoutFragment = fragment < 0 ? url : url.substring(0, fragment);
        int queryStart = withoutFragment.indexOf('?');
        if (queryStart < 0) {
            return BasicURLNormalizer.unescapePath(withoutFragment);
        }
        return BasicURLNormalizer.unescapePath(withoutFragment.substring(0, queryStart)) + withoutFragment.substring(queryStart);
    }

    private String withoutTrackingParameters(String query) {
        StringBuilder kept = new StringBuilder(query.length());
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
            if (name.isEmpty() || isTracking(name)) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append('&');
            }
            kept.append(parameter);
        }
        return kept.toString();
    }

    private boolean isTracking(String lowerCaseName) {
        if (exactNames.contains(lowerCaseName)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (lowerCaseName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutTrailingSlash(String schemeHostPath) {
        int pathStart = schemeHostPath.indexOf('/', schemeHostPath.indexOf("://") + 3);
        if (pathStart < 0) {
            return schemeHostPath + "/";
        }
        int end = schemeHostPath.length();
        while (end - 1 > pathStart && schemeHostPath.charAt(end - 1) == '/') {
            end--;
        }
        return schemeHostPath.substring(0, end);
    }
}
