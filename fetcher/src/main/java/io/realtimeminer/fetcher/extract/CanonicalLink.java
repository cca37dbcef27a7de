package io.realtimeminer.fetcher.extract;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The form of a link that serves as an item id when the document gives none: the same page
 * written differently (upper-case host, default port, a #fragment) must get the same id, or the
 * item would be sent again.
 */
final class CanonicalLink {

    private CanonicalLink() {
    }

    /** The canonical form of an absolute http(s) link; other values as they are (null stays null). */
    static String of(String link) {
        return canonical(link, false);
    }

    /** As {@link #of}, keeping the link's #fragment: for items that differ only by it in one document. */
    static String withFragment(String link) {
        return canonical(link, true);
    }

    private static String canonical(String link, boolean keepFragment) {
        if (link == null) {
            return null;
        }
        try {
            URI uri = new URI(link);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                return link;
            }
            int port = uri.getPort() == 80 && scheme.equals("http") || uri.getPort() == 443 && scheme.equals("https") ? -1 : uri.getPort();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String fragment = keepFragment && uri.getRawFragment() != null ? "#" + uri.getRawFragment() : "";
            return scheme + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                    + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + path + query + fragment;
        } catch (URISyntaxException e) {
            return link;
        }
    }
}
