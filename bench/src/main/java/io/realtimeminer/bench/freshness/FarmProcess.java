package io.realtimeminer.bench.freshness;

import io.realtimeminer.bench.farm.FarmChild;
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
 * stack) and its ledger read back over HTTP: every item with the time it was posted.
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
        HttpResponse<Stream<String>> response = farm.get("/_farm/ledger.tsv", Duration.ofSeconds(60), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("the farm's ledger answered HTTP " + response.statusCode());
        }
        Map<String, Posting> postings = new HashMap<>();
        response.body().skip(1).forEach(line -> {
            // source_id kind seq item_id url posted_at backlog
            String[] f = line.split("\t");
            Posting p = new Posting(f[0], f[4], Instant.parse(f[5]), Boolean.parseBoolean(f[6]));
            postings.put(key(p.sourceId(), p.url()), p);
        });
        return postings;
    }

    static String key(String sourceId, String url) {
        return sourceId + ' ' + url;
    }

    @Override
    public void close() {
        farm.close();
    }
}
