package io.realtimeminer.fetcher.http;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The robots.txt rules of each host (scheme, host and port), fetched once per TTL and shared by
 * every request to that host, including requests that arrive while it is being fetched.
 */
final class RobotsTxt {

    /** Google reads at most this much of a robots.txt; so do we. */
    private static final int MAX_ROBOTS_BYTES = 500 * 1024;
    /** An unreachable robots.txt is asked for again soon, not after the full TTL. */
    private static final Duration UNREACHABLE_TTL = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 20_000;

    /** What robots.txt says about one URL. */
    record Verdict(boolean allowed, String reason) {
    }

    private record Entry(CompletableFuture<Rules> rules, long expiresAt) {
    }

    private record Rules(BaseRobotRules rules, String unreachable) {
    }

    private final List<String> robotNames;
    private final long ttlNanos;
    private final Function<URI, CompletableFuture<FetchResponse>> fetch;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    /**
     * @param userAgent the User-Agent we send; its product token (before the first '/') is our robot name
     * @param fetch     fetches a robots.txt with the same limits and address checks as any other request
     */
    RobotsTxt(String userAgent, Duration ttl, Function<URI, CompletableFuture<FetchResponse>> fetch) {
        this.robotNames = List.of(productToken(userAgent));
        this.ttlNanos = ttl.toNanos();
        this.fetch = fetch;
    }

    CompletableFuture<Verdict> check(URI url) {
        String origin = url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority().toLowerCase(Locale.ROOT);
        long now = System.nanoTime();
        CompletableFuture<Rules> fresh = new CompletableFuture<>();
        Entry entry = cache.compute(origin, (key, existing) ->
                existing != null && existing.expiresAt - now > 0 ? existing : new Entry(fresh, now + ttlNanos));
        if (entry.rules() == fresh) {
            // Loaded outside compute(): a fetch that fails at once must not update the map from inside it.
            load(origin, fresh);
        }
        if (cache.size() > MAX_ENTRIES) {
            cache.values().removeIf(e -> e.expiresAt - now <= 0);
        }
        return entry.rules().thenApply(rules -> {
            if (rules.unreachable() != null) {
                return new Verdict(false, "blocked by robots.txt: " + rules.unreachable());
            }
            return rules.rules().isAllowed(url.toString()) ? new Verdict(true, null) : new Verdict(false, "blocked by robots.txt");
        });
    }

    private void load(String origin, CompletableFuture<Rules> result) {
        URI robots = URI.create(origin + "/robots.txt");
        CompletableFuture<FetchResponse> response;
        try {
            response = fetch.apply(robots);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.handle((answer, error) -> {
            Rules rules;
            try {
                rules = error != null ? unreachable(origin, FetchFailures.message(error)) : rules(origin, robots, answer);
            } catch (RuntimeException e) {
                rules = unreachable(origin, FetchFailures.message(e));
            }
            if (rules.unreachable() != null) {
                long retryAt = System.nanoTime() + Math.min(ttlNanos, UNREACHABLE_TTL.toNanos());
                cache.computeIfPresent(origin, (key, entry) -> entry.rules() == result ? new Entry(result, retryAt) : entry);
            }
            return result.complete(rules);
        });
    }

    private Rules rules(String origin, URI robots, FetchResponse response) {
        if (response.successful()) {
            byte[] body = response.body().length > MAX_ROBOTS_BYTES ? Arrays.copyOf(response.body(), MAX_ROBOTS_BYTES) : response.body();
            return new Rules(new SimpleRobotRulesParser().parseContent(robots.toString(), body, response.contentType(), robotNames), null);
        }
        if (response.status() >= 500 || response.status() == 429) {
            return unreachable(origin, "HTTP " + response.status());
        }
        // RFC 9309, 2.3.1.3: an "unavailable" robots.txt (4xx) means no rules.
        return new Rules(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL), null);
    }

    /** RFC 9309, 2.3.1.4: while robots.txt is unreachable the crawler must assume it disallows everything. */
    private static Rules unreachable(String origin, String why) {
        return new Rules(null, origin + "/robots.txt could not be read (" + why + ")");
    }

    static String productToken(String userAgent) {
        String token = userAgent.strip().split("[/\\s]", 2)[0].toLowerCase(Locale.ROOT);
        return token.isEmpty() ? "*" : token;
    }
}
