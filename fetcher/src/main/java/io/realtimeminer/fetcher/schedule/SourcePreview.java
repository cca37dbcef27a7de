package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.extract.ExtractedItem;
import io.realtimeminer.fetcher.extract.Extraction;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One poll of a source exactly as the poller makes it (the same fetch engine, extraction, items
 * listed twice left out, detail completion, the items as they would be sent), sending them
 * nowhere: what {@code miner preview} shows, with the warnings a person needs beside them.
 */
public final class SourcePreview {

    /**
     * @param items    what the poller would send, in document order
     * @param warnings the extraction's warnings, then one per item left out and why
     * @param poll     how the poll ended (FAILED with its reason when the source could not be read)
     */
    public record Result(List<RawItem> items, List<String> warnings, PollResult poll) {
    }

    private SourcePreview() {
    }

    /**
     * @param fetchDetails false to show items as the list gives them (a saved page: their detail
     *                     documents are not fetched)
     */
    public static CompletableFuture<Result> run(SourceTemplate template, PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors,
                                                Executor parsePool, PollPolicy policy, Clock clock, boolean fetchDetails) {
        List<RawItem> sent = new CopyOnWriteArrayList<>();
        List<String> warnings = new CopyOnWriteArrayList<>();
        List<String> duplicates = new CopyOnWriteArrayList<>();
        PollTrace trace = new PollTrace() {
            @Override
            public void warnings(List<String> found) {
                warnings.addAll(found);
            }

            @Override
            public void duplicate(ExtractedItem item, String reason) {
                duplicates.add("item '" + (item.title() == null ? item.identity() : item.title()) + "' left out: " + reason);
            }
        };
        AtomicBoolean detailsLeftOut = new AtomicBoolean();
        Map<SourceKind, ItemExtractor> used = fetchDetails ? extractors : withoutDetails(extractors, detailsLeftOut);
        SourcePoller poller = new SourcePoller(fetcher, used, new CollectingItemSink(sent), parsePool, clock, policy, trace, PollTimer::threadCpu);
        SourceState state = new SourceState(template, Integer.MAX_VALUE);
        return poller.poll(state, clock.instant()).thenApply(result -> {
            List<String> all = new ArrayList<>(warnings);
            all.addAll(duplicates);
            if (result.itemsDropped() > 0) {
                all.add(result.itemsDropped() == 1 ? "1 item left out: its detail document says it is deleted or dead"
                        : result.itemsDropped() + " items left out: their detail documents say they are deleted or dead");
            }
            if (result.outcome() != PollResult.Outcome.FAILED && result.error() != null) {
                all.add(result.error());
            }
            if (detailsLeftOut.get()) {
                all.add("detail documents are not fetched with --file: items show what the list gives");
            }
            return new Result(List.copyOf(sent), List.copyOf(all), result);
        });
    }

    /** The extractors, with items shown as listed: no detail document is fetched ({@code leftOut} tells whether one would have been). */
    private static Map<SourceKind, ItemExtractor> withoutDetails(Map<SourceKind, ItemExtractor> extractors, AtomicBoolean leftOut) {
        Map<SourceKind, ItemExtractor> listed = new HashMap<>();
        extractors.forEach((kind, extractor) -> listed.put(kind, (template, body, contentType, url) -> {
            Extraction extraction = extractor.read(template, body, contentType, url);
            if (extraction.items().stream().anyMatch(item -> item.detailUrl() != null)) {
                leftOut.set(true);
            }
            return extraction.withItems(extraction.items().stream().map(item -> item.withDetailUrl(null)).toList());
        }));
        return listed;
    }
}
