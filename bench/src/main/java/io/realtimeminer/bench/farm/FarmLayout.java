package io.realtimeminer.bench.farm;

import io.realtimeminer.template.SourceKind;

import java.net.URI;
import java.util.List;

/**
 * Where each farm source lives: its id, kind, host and path. Source {@code n} has id
 * {@code farm-n}; its URL is, by kind, {@code /feed/n} (RSS and Atom alternately),
 * {@code /html/n}, {@code /json/n} or {@code /hn/n/v0/newstories.json} (with its stories at
 * {@code /hn/n/v0/item/<id>.json}); every item links to {@code /story/n/<seq>}. With more than one
 * host, source {@code n} is served on loopback address {@code n % hosts} ({@code 127.a.b.c}), so
 * that a fetcher sees as many hosts as a real crawl would.
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

    public SourceKind kind(int n) {
        return cycle.get(n % cycle.size());
    }

    /** Feed sources alternate between RSS 2.0 and Atom. */
    public boolean atom(int n) {
        return kind(n) == SourceKind.FEED && (n / cycle.size()) % 2 == 1;
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
