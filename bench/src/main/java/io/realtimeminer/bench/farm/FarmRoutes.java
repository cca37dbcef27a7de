package io.realtimeminer.bench.farm;

import io.realtimeminer.template.SourceKind;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Answers the requests for sources and items (the paths of {@link FarmLayout}): injects errors,
 * honours If-None-Match and If-Modified-Since, and renders the documents.
 */
final class FarmRoutes {

    /** Retry-After of the 503s that carry one: 5 to 30 s, as overloaded sites commonly ask. */
    static final int RETRY_AFTER_MIN_S = 5;
    static final int RETRY_AFTER_MAX_S = 30;

    private final SourceFarm farm;
    private final FarmLayout layout;
    private final double errorRate;

    FarmRoutes(SourceFarm farm) {
        this.farm = farm;
        this.layout = farm.layout();
        this.errorRate = layout.settings().errorRate();
    }

    /**
     * @param path            the request path
     * @param ifNoneMatch     the If-None-Match header (nullable)
     * @param ifModifiedSince the If-Modified-Since header (nullable)
     */
    FarmResponse respond(String path, String ifNoneMatch, String ifModifiedSince, long nowMillis, RandomGenerator random) {
        String[] parts = path.split("/");
        if (parts.length < 3 || !parts[0].isEmpty()) {
            return FarmResponse.notFound();
        }
        int n = sourceIndex(parts[2]);
        if (n < 0) {
            return FarmResponse.notFound();
        }
        SourceKind kind = layout.kind(n);
        boolean list = parts.length == 3 && (parts[1].equals("feed") && kind == SourceKind.FEED
                || parts[1].equals("html") && kind == SourceKind.HTML || parts[1].equals("json") && kind == SourceKind.JSON)
                || parts.length == 5 && parts[1].equals("hn") && kind == SourceKind.HACKERNEWS && parts[3].equals("v0") && parts[4].equals("newstories.json");
        boolean hnItem = parts.length == 6 && parts[1].equals("hn") && kind == SourceKind.HACKERNEWS && parts[3].equals("v0")
                && parts[4].equals("item") && parts[5].endsWith(".json");
        boolean story = parts.length == 4 && parts[1].equals("story");
        if (!list && !hnItem && !story) {
            return FarmResponse.notFound();
        }
        farm.stats().requested(n, list);
        if (errorRate > 0 && random.nextDouble() < errorRate) {
            return FarmResponse.unavailable(random.nextBoolean()
                    ? RETRY_AFTER_MIN_S + random.nextInt(RETRY_AFTER_MAX_S - RETRY_AFTER_MIN_S + 1) : null);
        }
        FarmSource source = farm.source(n);
        if (list) {
            FarmSource.View view = source.view(nowMillis);
            long modified = view.newestMillis(farm.startedAt().toEpochMilli());
            return conditional("\"" + n + "-" + view.version() + "\"", modified, ifNoneMatch, ifModifiedSince,
                    () -> listPage(source, kind, n, view, modified));
        }
        if (hnItem) {
            return hackerNewsItem(source, n, parts[5].substring(0, parts[5].length() - ".json".length()), nowMillis, ifNoneMatch, ifModifiedSince);
        }
        long seq = parseLong(parts[3]);
        long posted = seq < 0 ? -1 : source.postedMillis(seq, nowMillis);
        if (posted < 0) {
            return FarmResponse.notFound();
        }
        return conditional("\"story-" + n + "-" + seq + "\"", posted, ifNoneMatch, ifModifiedSince,
                () -> FarmResponse.ok("text/html; charset=utf-8", HtmlPages.story(FarmItem.of(layout, n, seq, posted)),
                        "\"story-" + n + "-" + seq + "\"", posted));
    }

    /** Source {@code n}'s list as it shows {@code view}; a pushed feed names the hub and itself in Link headers (WebSub 4). */
    FarmResponse listPage(FarmSource source, SourceKind kind, int n, FarmSource.View view, long modified) {
        FarmResponse page = render(source, kind, n, view, modified);
        return layout.pushed(n) ? page.withHeader("Link", layout.hubLinks(n)) : page;
    }

    private FarmResponse render(FarmSource source, SourceKind kind, int n, FarmSource.View view, long modified) {
        String etag = "\"" + n + "-" + view.version() + "\"";
        var items = source.items(view);
        return switch (kind) {
            case FEED -> layout.atom(n)
                    ? FarmResponse.ok("application/atom+xml; charset=utf-8", FeedPages.atom(layout, n, items, modified), etag, modified)
                    : FarmResponse.ok("application/rss+xml; charset=utf-8", FeedPages.rss(layout, n, items), etag, modified);
            case HTML -> FarmResponse.ok("text/html; charset=utf-8", HtmlPages.list(n, items), etag, modified);
            case JSON -> FarmResponse.ok("application/json; charset=utf-8", ApiPages.jsonApi(n, items), etag, modified);
            case HACKERNEWS -> FarmResponse.ok("application/json; charset=utf-8", ApiPages.hnNewStories(items), etag, modified);
        };
    }

    private FarmResponse hackerNewsItem(FarmSource source, int n, String idText, long nowMillis, String ifNoneMatch, String ifModifiedSince) {
        long id = parseLong(idText);
        long offset = id - FarmItem.hnId(layout, n, 0);
        long seq = offset >= 0 && offset % layout.sources() == 0 ? offset / layout.sources() : -1;
        long posted = seq < 0 ? -1 : source.postedMillis(seq, nowMillis);
        if (posted < 0) {
            // Firebase answers an unknown id with a literal null.
            return FarmResponse.ok("application/json; charset=utf-8", "null", null, 0);
        }
        String etag = "\"hn-" + id + "\"";
        return conditional(etag, posted, ifNoneMatch, ifModifiedSince,
                () -> FarmResponse.ok("application/json; charset=utf-8", ApiPages.hnItem(FarmItem.of(layout, n, seq, posted)), etag, posted));
    }

    private static FarmResponse conditional(String etag, long modifiedMillis, String ifNoneMatch, String ifModifiedSince,
                                            Supplier<FarmResponse> render) {
        if (ifNoneMatch != null) {
            return matches(ifNoneMatch, etag) ? FarmResponse.notModified(etag, modifiedMillis) : render.get();
        }
        if (ifModifiedSince != null) {
            try {
                long since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
                if (modifiedMillis / 1000 <= since) {
                    return FarmResponse.notModified(etag, modifiedMillis);
                }
            } catch (DateTimeParseException e) {
                // An unreadable date is ignored, as RFC 9110 says.
            }
        }
        return render.get();
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private int sourceIndex(String text) {
        long n = parseLong(text);
        return n >= 0 && n < layout.sources() ? (int) n : -1;
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
