package io.realtimeminer.bench.farm;

import io.realtimeminer.template.SourceKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When every item of the farm was posted, for benchmarks that join what the pipeline stored with
 * the posting time (by source id and URL, or by source id and item id).
 */
public final class FarmLedger {

    /**
     * One posted item.
     *
     * @param sourceId the template id of the source
     * @param itemId   the id the source's documents give the item (the numeric id for hackernews)
     * @param backlog  posted before the farm started (the items every source shows from the start)
     */
    public record Posting(String sourceId, SourceKind kind, long seq, String itemId, String url, Instant postedAt, boolean backlog) {
    }

    public static final String TSV_HEADER = "source_id\tkind\tseq\titem_id\turl\tposted_at\tbacklog";

    private final SourceFarm farm;

    FarmLedger(SourceFarm farm) {
        this.farm = farm;
    }

    /** Every item posted until now, oldest first. */
    public List<Posting> postings() {
        long now = farm.clock().millis();
        FarmLayout layout = farm.layout();
        List<Posting> all = new ArrayList<>();
        for (int n = 0; n < layout.sources(); n++) {
            SourceKind kind = layout.kind(n);
            for (FarmItem item : farm.source(n).history(now)) {
                String itemId = kind == SourceKind.HACKERNEWS ? Long.toString(item.hnId()) : item.guid();
                all.add(new Posting(FarmLayout.sourceId(n), kind, item.seq(), itemId, item.link(), item.postedAt(),
                        item.postedAt().isBefore(farm.startedAt())));
            }
        }
        all.sort(Comparator.comparing(Posting::postedAt).thenComparing(Posting::sourceId).thenComparingLong(Posting::seq));
        return all;
    }

    /** Writes the postings as tab-separated values with a header line, oldest first. */
    public void writeTsv(Writer out) {
        try {
            out.write(TSV_HEADER);
            out.write('\n');
            for (Posting p : postings()) {
                out.write(p.sourceId() + '\t' + p.kind().wireName() + '\t' + p.seq() + '\t' + p.itemId() + '\t' + p.url() + '\t'
                        + p.postedAt() + '\t' + p.backlog() + '\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
