package io.realtimeminer.bench.farm;

import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.FetchResponse;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's hostile sites do what they are named for, and the fetchers' engine turns each into a
 * clear failure of that fetch alone: all of them at once, then an ordinary fetch on the same engine.
 */
class HostileSitesTest {

    private HostileSites sites;
    private AsyncHttpPageFetcher http;

    @BeforeEach
    void start() throws Exception {
        sites = HostileSites.start();
        http = new AsyncHttpPageFetcher(new FetcherConfig(Map.of(
                FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, true,
                FetcherConfig.HTTP_RESPONSE_TIMEOUT_MS, 2_000,
                FetcherConfig.HTTP_REQUEST_DEADLINE_MS, 4_000,
                FetcherConfig.HTTP_RETRIES, 0,
                FetcherConfig.HTTP_HOST_MAX_CONCURRENT, 16,
                FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 0, FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 0)).httpSettings());
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        sites.close();
    }

    @Test
    void everyHostileSiteFailsOnlyItsOwnFetchWithItsReason() throws Exception {
        Map<HostileSites.Behaviour, CompletableFuture<FetchResponse>> fetches = new EnumMap<>(HostileSites.Behaviour.class);
        for (HostileSites.Behaviour behaviour : HostileSites.Behaviour.values()) {
            fetches.put(behaviour, http.fetch(new FetchRequest(URI.create(HostileSites.url(sites.port(), behaviour, 1)), Map.of(), null, null)));
        }
        Map<HostileSites.Behaviour, String> outcome = new EnumMap<>(HostileSites.Behaviour.class);
        fetches.forEach((behaviour, fetch) -> outcome.put(behaviour, outcome(fetch)));

        assertThat(outcome.get(HostileSites.Behaviour.ENDLESS_HEADER)).containsIgnoringCase("header");
        assertThat(outcome.get(HostileSites.Behaviour.DRIP)).contains("http.request.deadline.ms");
        assertThat(outcome.get(HostileSites.Behaviour.STALL)).containsAnyOf("timed out", "http.request.deadline.ms");
        assertThat(outcome.get(HostileSites.Behaviour.HUGE_BODY)).contains("exceeds the limit");
        assertThat(outcome.get(HostileSites.Behaviour.GZIP_BOMB)).contains("exceeds the limit");
        assertThat(outcome.get(HostileSites.Behaviour.REDIRECT_LOOP)).containsIgnoringCase("redirect");
        assertThat(outcome.get(HostileSites.Behaviour.ITEM_FLOOD)).startsWith("HTTP 200").contains(" 50001 guids: <?xml");
        assertThat(outcome.get(HostileSites.Behaviour.SLOW_PARSE)).startsWith("HTTP 200").contains("<body><div><div><div>");

        // The engine lives on: the same host answers an ordinary request.
        assertThat(outcome(http.fetch(new FetchRequest(URI.create(HostileSites.url(sites.port(), HostileSites.Behaviour.ITEM_FLOOD, 2)),
                Map.of(), null, null)))).startsWith("HTTP 200");
    }

    @Test
    void everyHostileTemplateIsOneTheFetchersAccept() throws Exception {
        TemplateParser parser = new TemplateParser();
        for (int n = 0; n < HostileSites.Behaviour.values().length; n++) {
            var template = parser.parse(HostileSites.sourceId(n), HostileSites.templateJson(sites.port(), n, 30));
            assertThat(template.url().getPath()).isEqualTo("/hostile/" + HostileSites.behaviour(n).path() + "/" + n);
            assertThat(template.tags()).contains("hostile");
        }
    }

    private static String outcome(CompletableFuture<FetchResponse> fetch) {
        try {
            FetchResponse response = fetch.get(30, TimeUnit.SECONDS);
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return "HTTP " + response.status() + " " + response.body().length + " bytes, "
                    + body.split("<guid>", -1).length + " guids: " + body.substring(0, Math.min(body.length(), 200));
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return e.getCause().getMessage();
        } catch (Exception e) {
            throw new AssertionError("no outcome within 30 s", e);
        }
    }
}
