package io.realtimeminer.fetcher.page;

import io.realtimeminer.fetcher.extract.Text;

import java.net.URI;

/** Links read from a page's metadata: made absolute against the page, and only web links kept. */
final class Links {

    private Links() {
    }

    static boolean isWebLink(String value) {
        return value != null && (value.regionMatches(true, 0, "http://", 0, 7) || value.regionMatches(true, 0, "https://", 0, 8));
    }

    /** {@code value} resolved against the page; null unless that gives an http(s) URL. */
    static String absolute(URI page, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String resolved = Text.absolute(page, value);
        return isWebLink(resolved) ? resolved : null;
    }
}
