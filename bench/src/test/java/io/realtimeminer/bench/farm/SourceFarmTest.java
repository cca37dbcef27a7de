package io.realtimeminer.bench.farm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.testing.ManualClock;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SourceFarmTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SourceFarm farm;

    private SourceFarm start(FarmSettings settings) throws IOException {
        farm = SourceFarm.start(settings, 0, clock);
        return farm;
    }

    private static FarmSettings quiet(int sources) {
        return FarmSettings.defaults().withSources(sources).withLatency(Duration.ZERO, Duration.ZERO).withErrorRate(0)
                .withItems(Duration.ofSeconds(10), FarmSettings.Arrivals.FIXED, 5);
    }

    @AfterEach
    void stop() {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void anUnchangedSourceAnswers304UntilItPostsAgain() throws Exception {
        start(quiet(4));
        HttpResponse<String> first = get("/feed/0", null, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/rss+xml; charset=utf-8");
        assertThat(get("/feed/0", etag, null).statusCode()).isEqualTo(304);
        assertThat(get("/feed/0", null, lastModified).statusCode()).isEqualTo(304);

        clock.advance(Duration.ofSeconds(10));
        HttpResponse<String> later = get("/feed/0", etag, lastModified);

        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(later.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(later.body()).contains("<guid isPermaLink=\"false\">farm-0-5</guid>").doesNotContain("farm-0-0<");
    }

    @Test
    void theHackerNewsApiHasTheFirebaseShape() throws Exception {
        start(quiet(4));
        JsonNode ids = JSON.readTree(get("/hn/3/v0/newstories.json", null, null).body());

        assertThat(ids.isArray()).isTrue();
        assertThat(ids).hasSize(5);
        long newest = ids.get(0).asLong();
        assertThat(newest).isGreaterThan(ids.get(1).asLong());

        JsonNode story = JSON.readTree(get("/hn/3/v0/item/" + newest + ".json", null, null).body());
        assertThat(story.get("id").asLong()).isEqualTo(newest);
        assertThat(story.get("type").asText()).isEqualTo("story");
        assertThat(story.get("time").isIntegralNumber()).isTrue();
        assertThat(story.get("by").asText()).startsWith("author-");
        assertThat(story.get("title").asText()).contains("<farm-3 #4>");
        assertThat(story.get("url").asText()).isEqualTo(farm.layout().origin(3) + "/story/3/4");
        assertThat(get("/hn/3/v0/item/" + (newest + 1) + ".json", null, null).body()).isEqualTo("null");
        assertThat(get("/hn/2/v0/newstories.json", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theHtmlPageMatchesTheSelectorsOfItsTemplate() throws Exception {
        start(quiet(4));
        Document page = Jsoup.parse(get("/html/1", null, null).body(), farm.layout().origin(1) + "/html/1");

        List<Element> articles = page.select("article");
        assertThat(articles).hasSize(5);
        Element newest = articles.get(0);
        assertThat(newest.select("article").attr("data-id")).isEqualTo("farm-1-4");
        assertThat(newest.select("h2 a").text()).endsWith("<farm-1 #4>");
        assertThat(newest.select("h2 a").first().absUrl("href")).isEqualTo(farm.layout().origin(1) + "/story/1/4");
        assertThat(Instant.parse(newest.select("time").attr("datetime"))).isBefore(clock.instant());
        assertThat(newest.select(".author").text()).isEqualTo("author-4");
        assertThat(newest.select("p.summary").text()).contains("item 4");
        assertThat(get("/story/1/4", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theJsonApiListsTheItemsUnderDataItems() throws Exception {
        start(quiet(4));
        JsonNode items = JSON.readTree(get("/json/2", null, null).body()).path("data").path("items");

        assertThat(items).hasSize(5);
        assertThat(items.get(0).get("id").asText()).isEqualTo("farm-2-4");
        assertThat(items.get(0).get("url").asText()).isEqualTo(farm.layout().origin(2) + "/story/2/4");
        assertThat(Instant.parse(items.get(0).get("published").asText())).isBefore(clock.instant());
        assertThat(items.get(0).has("title") && items.get(0).has("author") && items.get(0).has("summary")).isTrue();
    }

    @Test
    void errorsAre503sSomeWithRetryAfter() throws Exception {
        start(quiet(4).withErrorRate(1.0));
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(get("/json/2", null, null));
        }

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(503));
        assertThat(responses).anySatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).isPresent());
        assertThat(responses).anySatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).isEmpty());
        assertThat(farm.stats().snapshot().unavailable()).isEqualTo(40);
    }

    @Test
    void delayedResponsesHoldNoThread() throws Exception {
        start(quiet(200).withLatency(Duration.ofMillis(500), Duration.ofMillis(500)));
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            inFlight.add(http.sendAsync(request(farm.layout().path(n), null, null), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // With a thread per sleeping request, two handler threads would need 200 * 0.5 s / 2 = 50 s.
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(inFlight).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        assertThat(farm.stats().snapshot().maxPending()).isGreaterThan(20);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("farm-")).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void theLedgerKnowsWhenEveryItemWasPosted() throws Exception {
        start(quiet(4));
        clock.advance(Duration.ofSeconds(30));

        List<FarmLedger.Posting> postings = farm.ledger().postings();
        String tsv = get("/_farm/ledger.tsv", null, null).body();

        assertThat(postings).filteredOn(FarmLedger.Posting::backlog).hasSize(4 * 5);
        assertThat(postings).filteredOn(p -> !p.backlog()).hasSizeBetween(4 * 3, 4 * 4)
                .allSatisfy(p -> assertThat(p.postedAt()).isBetween(farm.startedAt(), clock.instant()));
        assertThat(postings).extracting(FarmLedger.Posting::postedAt).isSorted();
        assertThat(tsv.lines().findFirst()).hasValue(FarmLedger.TSV_HEADER);
        assertThat(tsv.lines().count()).isEqualTo(postings.size() + 1);
        assertThat(postings).filteredOn(p -> p.sourceId().equals("farm-3")).first()
                .satisfies(p -> assertThat(p.itemId()).matches("\\d+"));
    }

    @Test
    void everyRequestForASourceCountsForItWhateverTheAnswer() throws Exception {
        start(quiet(4));
        HttpResponse<String> first = get("/feed/0", null, null);
        get("/feed/0", first.headers().firstValue("ETag").orElseThrow(), null);
        get("/story/0/2", null, null);
        get("/html/1", null, null);
        get("/feed/99", null, null);
        get("/nothing", null, null);

        String tsv = get("/_farm/requests.tsv", null, null).body();

        assertThat(farm.stats().requestsPerSource()).containsExactly(3, 1, 0, 0);
        assertThat(farm.stats().pollsPerSource()).as("the story is not a poll").containsExactly(2, 1, 0, 0);
        assertThat(tsv.lines()).containsExactly("source_id\tpolls\trequests", "farm-0\t2\t3", "farm-1\t1\t1");
    }

    private HttpResponse<String> get(String path, String ifNoneMatch, String ifModifiedSince) throws Exception {
        return http.send(request(path, ifNoneMatch, ifModifiedSince), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String ifNoneMatch, String ifModifiedSince) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + farm.port() + path)).timeout(Duration.ofSeconds(20));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        if (ifModifiedSince != null) {
            request.header("If-Modified-Since", ifModifiedSince);
        }
        return request.build();
    }
}
