package io.realtimeminer.bench.farm;

import io.realtimeminer.template.SourceKind;

import java.net.URI;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where each farm source lives: its id, kind, host and path. Source {@code n} has id
 * {@code farm-n}; its URL is, by kind, {@code /feed/n} (RSS and Atom alternately),
 * {@code /html/n}, {@code /json/n} or {@code /hn/n/v0/newstories.json} (with its stories at
 * {@code /hn/n/v0/item/<id>.json}); every item links to {@code /story/n/<seq>}. With more than one
 * host, source {@code n} is served on loopback address {@code n % hosts} ({@code 127.a.b.c}), so
 * that a fetcher sees as many hosts as a real crawl would. When the farm serves copies of its
 * timelines, source {@code n} and source {@code n + sources / copies} post at the same times.
 */
public final class FarmLayout {

    private final FarmSettings settings;
    private final List<SourceKind> cycle;
    private final int port;

    public FarmLayout(FarmSettings settings, int port) {
        this.settings = settings;
        this.cycle = settings.kindCycle();
        this.port = port;
    }

    public FarmSettings settings() {
        return settings;
    }

    public int port() {
        return port;
    }

    public int sources() {
        return settings.sources();
    }

    public static String sourceId(int n) {
        return "farm-" + n;
    }

    /** The timeline source {@code n} posts on: its own unless the farm serves copies (see {@link FarmSettings#copies}). */
    public int timeline(int n) {
        return n % settings.timelines();
    }

    /** Which copy of its timeline source {@code n} is, from 0. */
    public int copy(int n) {
        return n / settings.timelines();
    }

    public SourceKind kind(int n) {
        return cycle.get(timeline(n) % cycle.size());
    }

    /** Feed sources alternate between RSS 2.0 and Atom. */
    public boolean atom(int n) {
        return kind(n) == SourceKind.FEED && (timeline(n) / cycle.size()) % 2 == 1;
    }

    /**
     * Mean milliseconds between two items of source {@code n}: the farm's {@code itemEvery}, or with a rate spread a log-normal
     * draw of its own timeline (the same for every copy, the same in every run of one seed).
     */
    public long itemEveryMillis(int n) {
        long median = Math.max(1, settings.itemEvery().toMillis());
        if (settings.rateSpread() == 0) {
            return median;
        }
        double gaussian = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + timeline(n) * 31L + 7).nextGaussian();
        long drawn = Math.round(median * Math.exp(settings.rateSpread() * gaussian));
        return Math.max(drawn, Math.min(median, FarmSettings.FASTEST.toMillis()));
    }

    /**
     * Whether source {@code n}'s feed names the farm's WebSub hub: feeds only, the share
     * {@link FarmSettings#pushShare} of their timelines (spread evenly by the golden ratio; every
     * copy of a timeline alike).
     */
    public boolean pushed(int n) {
        if (settings.pushShare() <= 0 || kind(n) != SourceKind.FEED) {
            return false;
        }
        return (timeline(n) * 0.6180339887498949) % 1.0 < settings.pushShare();
    }

    /** Where the farm's WebSub hub takes subscriptions. */
    public URI hub() {
        return URI.create("http://127.0.0.1:" + port + FarmHub.PATH);
    }

    /** The {@code Link} header of a feed behind the hub: the hub and the feed itself (WebSub section 4). */
    public String hubLinks(int n) {
        return "<" + hub() + ">; rel=\"hub\", <" + url(n) + ">; rel=\"self\"";
    }

    /** The index {@code n} of the source with id {@code farm-n} (the inverse of {@link #sourceId}). */
    public static int index(String sourceId) {
        return Integer.parseInt(sourceId.substring(sourceId.indexOf('-') + 1));
    }

    /** Source {@code n}'s index, from its URL's path ({@code /feed/n}), or -1 when it is no farm source's. */
    public int sourceOf(URI url) {
        String path = url.getRawPath();
        if (path == null || !path.startsWith("/feed/")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(path.substring("/feed/".length()));
            return n >= 0 && n < sources() && url(n).equals(url) ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String host(int n) {
        if (settings.hosts() == 1) {
            return "127.0.0.1";
        }
        int h = n % settings.hosts();
        return "127." + (h / 62_500 + 1) + "." + (h / 250) % 250 + "." + (h % 250 + 1);
    }

    /** Scheme, host and port of source {@code n}. */
    public String origin(int n) {
        return "http://" + host(n) + ":" + port;
    }

    public String path(int n) {
        return switch (kind(n)) {
            case FEED -> "/feed/" + n;
            case HTML -> "/html/" + n;
            case JSON -> "/json/" + n;
            case HACKERNEWS -> "/hn/" + n + "/v0/newstories.json";
        };
    }

    public URI url(int n) {
        return URI.create(origin(n) + path(n));
    }
}
