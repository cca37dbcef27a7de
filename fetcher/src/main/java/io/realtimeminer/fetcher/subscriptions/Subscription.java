package io.realtimeminer.fetcher.subscriptions;

import java.util.List;

/**
 * One outline of a subscription list that names something to follow.
 *
 * @param title   its title (or text), possibly empty
 * @param url     its xmlUrl (or url), as written; null when it has only an htmlUrl
 * @param htmlUrl its htmlUrl, as written; null when it has none
 * @param folders the titles of the outlines it is nested in, outermost first
 */
public record Subscription(String title, String url, String htmlUrl, List<String> folders) {

    public Subscription {
        title = title == null ? "" : title.strip();
        url = blankToNull(url);
        htmlUrl = blankToNull(htmlUrl);
        folders = List.copyOf(folders);
    }

    /** What to follow: its feed's URL, else its page's (which autodiscovery then resolves). */
    public String address() {
        return url != null ? url : htmlUrl;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
