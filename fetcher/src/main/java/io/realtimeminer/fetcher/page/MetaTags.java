package io.realtimeminer.fetcher.page;

import io.realtimeminer.fetcher.extract.Text;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code <meta>} tags of a page by name: OpenGraph ({@code property="og:title"}), Twitter
 * cards ({@code name="twitter:image"}), plain ({@code name="description"}), microdata
 * ({@code itemprop="datePublished"}) and {@code http-equiv} (as {@code http-equiv:content-language}),
 * names lower-cased, the first value of a name kept. Pages put some in the body, so the whole page
 * is read, up to {@link #MAX_TAGS} tags.
 */
final class MetaTags {

    static final int MAX_TAGS = 1_000;

    private final Map<String, String> values = new HashMap<>();

    private MetaTags() {
    }

    static MetaTags of(Document page) {
        MetaTags tags = new MetaTags();
        int read = 0;
        for (Element meta : page.getElementsByTag("meta")) {
            if (++read > MAX_TAGS) {
                break;
            }
            String content = Text.collapse(meta.attr("content"));
            if (content == null) {
                continue;
            }
            for (String attribute : new String[] {"property", "name", "itemprop"}) {
                tags.put(meta.attr(attribute), content);
            }
            if (meta.hasAttr("http-equiv")) {
                tags.put("http-equiv:" + meta.attr("http-equiv"), content);
            }
        }
        return tags;
    }

    private void put(String name, String content) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (!key.isEmpty()) {
            values.putIfAbsent(key, content);
        }
    }

    /** The value of the first of {@code names} the page has; null when it has none. */
    String first(String... names) {
        for (String name : names) {
            String value = values.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** As {@link #first}, skipping values that are links (article:author is often a profile URL). */
    String firstName(String... names) {
        for (String name : names) {
            String value = values.get(name);
            if (value != null && !Links.isWebLink(value)) {
                return value;
            }
        }
        return null;
    }
}
