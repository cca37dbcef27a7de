package io.realtimeminer.bench.freshness;

import io.realtimeminer.bench.farm.FarmChild;
import io.realtimeminer.bench.farm.FarmHub;
import io.realtimeminer.bench.farm.FarmLayout;
import io.realtimeminer.bench.farm.FarmSettings;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The source farm of a freshness run ({@link FarmChild}: a JVM of its own, measured apart from the
 * stack) and its ledger read back over HTTP: every item with the time it was posted, and the
 * requests each source had.
 */
final class FarmProcess implements AutoCloseable {

    /** A posted item, keyed for the join with the items table. */
    record Posting(String sourceId, String url, Instant postedAt, boolean backlog) {
    }

    private final FarmChild farm;

    private FarmProcess(FarmChild farm) {
        this.farm = farm;
    }

    static FarmProcess start(FarmSettings settings, String heap) throws IOException {
        return new FarmProcess(FarmChild.start(settings, heap));
    }

    FarmLayout layout() {
        return farm.layout();
    }

    int hostilePort() {
        return farm.hostilePort();
    }

    long pid() {
        return farm.pid();
    }

    /** Every item posted until now, keyed by source id + URL. */
    Map<String, Posting> ledger() throws IOException, InterruptedException {
        Map<String, Posting> postings = new HashMap<>();
        // source_id kind seq item_id url posted_at backlog
        rows("/_farm/ledger.tsv", "ledger", Duration.ofSeconds(60)).forEach(f -> {
            Posting p = new Posting(f[0], f[4], Instant.parse(f[5]), Boolean.parseBoolean(f[6]));
            postings.put(key(p.sourceId(), p.url()), p);
        });
        return postings;
    }

    /** What the farm's servers answered for one source: its polls, and every request (polls, items, stories). */
    record Requests(long polls, long all) {
    }

    /** The requests each source had so far, by source id (sources never asked for are left out). */
    Map<String, Requests> requests() throws IOException, InterruptedException {
        Map<String, Requests> requests = new HashMap<>();
        // source_id polls requests
        rows("/_farm/requests.tsv", "request counts", Duration.ofSeconds(30))
                .forEach(f -> requests.put(f[0], new Requests(Long.parseLong(f[1]), Long.parseLong(f[2]))));
        return requests;
    }

    /** What the farm's WebSub hub did so far. */
    FarmHub.Counts hub() throws IOException, InterruptedException {
        HttpResponse<String> response = farm.get("/_farm/hub", Duration.ofSeconds(10), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the farm's hub counts answered HTTP " + response.statusCode());
        }
        return FarmHub.Counts.fromJson(response.body());
    }

    /** The fields of each line of one of the farm's TSV documents, its header left out. */
    private Stream<String[]> rows(String path, String what, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = farm.get(path, timeout, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("the farm's " + what + " answered HTTP " + response.statusCode());
        }
        return response.body().skip(1).map(line -> line.split("\t"));
    }

    static String key(String sourceId, String url) {
        return sourceId + ' ' + url;
    }

    @Override
    public void close() {
        farm.close();
    }
}
