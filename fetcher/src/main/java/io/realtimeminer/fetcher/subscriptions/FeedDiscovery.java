package io.realtimeminer.fetcher.subscriptions;

import io.realtimeminer.fetcher.extract.ExtractionException;
import io.realtimeminer.fetcher.extract.HtmlExtractor;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.FetchResponse;
import io.realtimeminer.fetcher.http.PageFetcher;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What an address of a subscription list really is, found by fetching it through the fetchers'
 * own engine (their User-Agent, limits and address guard): a feed, or a web page whose feeds its
 * {@code <link rel="alternate">} elements name (RSS, Atom, JSON Feed), the first of them taken.
 */
public final class FeedDiscovery {

    /** The feed types a page may announce, as feed readers look for them. */
    static final List<String> FEED_TYPES = List.of("application/rss+xml", "application/atom+xml", "application/feed+json",
            "application/rdf+xml");

    /**
     * What the address turned out to be.
     *
     * @param feed   the feed to follow (the address itself, or the page's first feed); null when none
     * @param others the page's other feeds, for the report
     * @param note   how it was resolved, or why it could not be (e.g. "HTTP 404"); null for a feed as given
     * @param found  true when the address answered (as a feed, or as a page with a feed)
     */
    public record Resolution(String feed, List<String> others, String note, boolean found) {

        static Resolution feedAsGiven(String url) {
            return new Resolution(url, List.of(), null, true);
        }
    }

    private final PageFetcher fetcher;

    public FeedDiscovery(PageFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Resolves one address; never fails (a failure is a resolution without a feed, with its reason). */
    public CompletableFuture<Resolution> resolve(String address) {
        URI url;
        try {
            url = URI.create(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Resolution(null, List.of(), "not a URL: " + e.getMessage(), false));
        }
        return fetcher.fetch(new FetchRequest(url, Map.of(), null, null)).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                return new Resolution(null, List.of(), "could not be fetched: " + cause.getMessage(), false);
            }
            if (!response.successful()) {
                return new Resolution(null, List.of(), "answered HTTP " + response.status(), false);
            }
            return isPage(response) ? alternates(address, response) : Resolution.feedAsGiven(address);
        });
    }

    private static Resolution alternates(String address, FetchResponse page) {
        Document document;
        try {
            document = HtmlExtractor.parse(page.body(), page.contentType(), page.url());
        } catch (ExtractionException e) {
            return new Resolution(null, List.of(), "a web page that could not be read: " + e.getMessage(), false);
        }
        List<String> feeds = new ArrayList<>();
        for (Element link : document.select("link[rel~=(?i)\\balternate\\b][type][href]")) {
            String type = link.attr("type").strip().toLowerCase(Locale.ROOT);
            String href = link.absUrl("href");
            if (FEED_TYPES.contains(type) && !href.isEmpty() && !feeds.contains(href)) {
                feeds.add(href);
            }
        }
        if (feeds.isEmpty()) {
            return new Resolution(null, List.of(), "a web page that announces no feed (no <link rel=\"alternate\"> of a feed"
                    + " type): give the feed's own address, or use an html template for the page", false);
        }
        return new Resolution(feeds.get(0), feeds.subList(1, feeds.size()), "a web page; its feed " + feeds.get(0) + " found by"
                + " autodiscovery" + (feeds.size() > 1 ? " (first of " + feeds.size() + ")" : ""), true);
    }

    /** HTML by its Content-Type, or, when the type says nothing useful, by how the body begins. */
    static boolean isPage(FetchResponse response) {
        String type = response.contentType() == null ? "" : response.contentType().toLowerCase(Locale.ROOT);
        if (type.contains("html")) {
            return true;
        }
        if (type.contains("xml") || type.contains("json") || type.contains("rss") || type.contains("atom")) {
            return false;
        }
        byte[] body = response.body();
        String start = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1).stripLeading()
                .toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }
}
