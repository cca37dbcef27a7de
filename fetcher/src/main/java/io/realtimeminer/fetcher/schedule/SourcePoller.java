package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.adaptive.ServerHints;
import io.realtimeminer.fetcher.http.FailureKind;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.ItemFingerprints;
import io.realtimeminer.fetcher.emit.ItemIds;
import io.realtimeminer.fetcher.emit.ItemSink;
import io.realtimeminer.fetcher.extract.ExtractedItem;
import io.realtimeminer.fetcher.extract.Extraction;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.fetcher.http.FetchException;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.FetchResponse;
import io.realtimeminer.fetcher.push.HubDiscovery;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.parse.ParseBudgetExceededException;
import io.realtimeminer.template.EmitMode;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.concurrent.ExecutionException;

/**
 * One poll of one source: conditional GET, extraction off the I/O threads, detail completion of
 * the items about to be sent, and emission of the items this instance has not sent yet (or, in
 * emit mode {@code changes}, whose content changed). Validators and seen ids are updated only once
 * Kafka has acknowledged the items, so a failed send is retried at the next poll and nothing is lost.
 */
final class SourcePoller {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);

    /** What one poll is about: the source, its template as the poll began, and timing. */
    private record Poll(SourceState state, SourceTemplate template, Instant due, Duration lag, Instant start) {
    }

    private final PageFetcher fetcher;
    private final Map<SourceKind, ItemExtractor> extractors;
    private final ItemSink sink;
    private final Executor parsePool;
    private final Clock clock;
    private final DetailFetches details;
    private final PollPolicy policy;
    private final PollTrace trace;
    private final LongSupplier cpuNanos;
    private final PushSubscriptions push;

    /** @param cpuNanos the CPU time the calling thread has used, what reading a document costs ({@link PollTimer#threadCpuNanos}) */
    SourcePoller(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool, Clock clock,
                 PollPolicy policy, LongSupplier cpuNanos) {
        this(fetcher, extractors, sink, parsePool, clock, policy, PollTrace.NONE, cpuNanos);
    }

    SourcePoller(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool, Clock clock,
                 PollPolicy policy, PollTrace trace, LongSupplier cpuNanos) {
        this(fetcher, extractors, sink, parsePool, clock, policy, trace, cpuNanos, PushSubscriptions.OFF);
    }

    /** @param push told the hub each answer names (WebSub discovery), when push is on */
    SourcePoller(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool, Clock clock,
                 PollPolicy policy, PollTrace trace, LongSupplier cpuNanos, PushSubscriptions push) {
        this.push = push;
        this.trace = trace;
        this.cpuNanos = cpuNanos;
        this.fetcher = fetcher;
        this.extractors = Map.copyOf(extractors);
        this.sink = sink;
        this.parsePool = parsePool;
        this.clock = clock;
        this.details = new DetailFetches(fetcher, parsePool, policy.detailsPerPoll());
        this.policy = policy;
    }

    CompletableFuture<PollResult> poll(SourceState state, Instant due) {
        Instant start = clock.instant();
        Duration lag = Duration.between(due, start).isNegative() ? Duration.ZERO : Duration.between(due, start);
        Poll poll = new Poll(state, state.template(), due, lag, start);
        FetchRequest request = new FetchRequest(poll.template().url(), poll.template().headers(), state.etag(), state.lastModified());
        CompletableFuture<PollResult> result;
        try {
            result = fetcher.fetch(request).thenComposeAsync(response -> {
                if (response.notModified()) {
                    state.hints(ServerHints.freshFor(response.freshFor()), null);
                    return CompletableFuture.completedFuture(done(poll, PollResult.Outcome.NOT_MODIFIED, null, response, 0, null));
                }
                if (!response.successful()) {
                    return CompletableFuture.completedFuture(done(poll, PollResult.Outcome.FAILED, FailureKind.HTTP_STATUS, response, 0,
                            refusal(state, response)));
                }
                discoverHub(poll.template(), response);
                return extractAndEmit(poll, response);
            }, parsePool);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(error -> done(poll, PollResult.Outcome.FAILED, failureOf(error), null, 0, describe(error)));
    }

    /** WebSub discovery on a feed's or page's answer (push on): the hub it names, if any, may be subscribed. */
    private void discoverHub(SourceTemplate template, FetchResponse response) {
        if (!push.enabled() || (template.kind() != SourceKind.FEED && template.kind() != SourceKind.HTML)) {
            return;
        }
        try {
            push.discovered(template, HubDiscovery.find(response.url(), response.links(), response.body(), response.contentType()));
        } catch (RuntimeException e) {
            // Push is a bonus: a poll never fails for it.
            LOG.warn("source {}: WebSub discovery failed: {}", template.id(), e.toString());
        }
    }

    /** A document that took long to read holds its source's next poll back (see {@link PollPolicy#parseHold}). */
    private void holdBackCostly(Poll poll, Duration parseTime) {
        Duration hold = policy.parseHold(parseTime);
        if (hold.compareTo(poll.template().interval()) <= 0) {
            return;
        }
        Instant until = clock.instant().plus(hold);
        SourceState state = poll.state();
        if (state.notBefore() == null || state.notBefore().isBefore(until)) {
            state.notBefore(until);
        }
        LOG.info("source {}: reading its document took {} ms of CPU; its next poll waits {} s at least ({} {})", poll.template().id(),
                parseTime.toMillis(), hold.toSeconds(), PollPolicy.PARSE_SHARE_SETTING, policy.parseShare());
    }

    /** "HTTP 503 (Retry-After 120 s)"; a Retry-After also holds the source's next poll back. */
    private String refusal(SourceState state, FetchResponse response) {
        if (response.retryAfter() == null) {
            return "HTTP " + response.status();
        }
        state.notBefore(clock.instant().plus(response.retryAfter()));
        return "HTTP " + response.status() + " (Retry-After " + response.retryAfter().toSeconds() + " s)";
    }

    private CompletableFuture<PollResult> extractAndEmit(Poll poll, FetchResponse response) {
        SourceTemplate template = poll.template();
        ItemExtractor extractor = extractors.get(template.kind());
        if (extractor == null) {
            return CompletableFuture.completedFuture(done(poll, PollResult.Outcome.FAILED, FailureKind.OTHER, response, 0,
                    "no extractor for kind '" + template.kind().wireName() + "' in this fetcher"));
        }
        List<ExtractedItem> found;
        long readStart = cpuNanos.getAsLong();
        try {
            Extraction extraction = extractor.read(template, response.body(), response.contentType(), response.url());
            trace.warnings(extraction.warnings());
            found = extraction.items();
            poll.state().hints(ServerHints.freshFor(response.freshFor()), extraction.hints());
        } catch (Exception e) {
            return CompletableFuture.completedFuture(done(poll, PollResult.Outcome.FAILED, FailureKind.PARSE, response, 0, describe(e)));
        } finally {
            holdBackCostly(poll, Duration.ofNanos(cpuNanos.getAsLong() - readStart));
        }
        List<Candidate> candidates = candidates(poll, found, trace);
        if (candidates.isEmpty()) {
            poll.state().validators(response.etag(), response.lastModified());
            poll.state().posted(List.of(), clock.instant());
            return CompletableFuture.completedFuture(done(poll, PollResult.Outcome.ITEMS, null, response, found.size(), null));
        }
        return details.complete(template, extractor, candidates).thenCompose(completion -> emit(poll, response, found.size(), completion));
    }

    /** The items to send: unseen ones, and in emit mode {@code changes} also known ones whose fingerprint changed. */
    private static List<Candidate> candidates(Poll poll, List<ExtractedItem> found, PollTrace trace) {
        SeenItems seen = poll.state().seen();
        boolean changes = poll.template().emit() == EmitMode.CHANGES;
        List<Candidate> candidates = new ArrayList<>();
        Map<String, ExtractedItem> ids = new HashMap<>();
        for (ExtractedItem item : found) {
            String identity = item.identity();
            if (identity == null) {
                continue;
            }
            String itemId = ItemIds.of(poll.template().id(), identity);
            ExtractedItem first = ids.putIfAbsent(itemId, item);
            if (first != null) {
                // Listed twice in one document: the first stands for both.
                String by = item.sourceItemId() != null && !item.sourceItemId().equals(item.url()) ? "id" : "link";
                trace.duplicate(item, "same " + by + " '" + identity + "' as the earlier item '"
                        + (first.title() == null ? identity : first.title()) + "'");
                continue;
            }
            Long known = seen.fingerprint(itemId);
            if (known == null) {
                candidates.add(new Candidate(itemId, ItemFingerprints.of(item), item, false));
            } else if (changes) {
                long fingerprint = ItemFingerprints.of(item);
                if (fingerprint != known) {
                    candidates.add(new Candidate(itemId, fingerprint, item, true));
                }
            }
        }
        return candidates;
    }

    private CompletableFuture<PollResult> emit(Poll poll, FetchResponse response, int found, DetailFetches.Result completion) {
        SourceState state = poll.state();
        completion.dropped().forEach(c -> state.seen().add(c.itemId(), c.fingerprint()));
        long discoveredAt = clock.millis();
        List<RawItem> records = completion.ready().stream().map(c -> toRaw(poll.template(), c, discoveredAt)).toList();
        CompletableFuture<Void> sent = records.isEmpty() ? CompletableFuture.completedFuture(null) : sink.send(records);
        List<Duration> freshness = state.latest().items().isEmpty() ? List.of() : freshness(completion.ready(), discoveredAt);
        return sent.thenApply(ignored -> {
            completion.ready().forEach(c -> state.seen().add(c.itemId(), c.fingerprint()));
            List<Candidate> posted = completion.ready().stream().filter(c -> !c.changed()).toList();
            state.sent(posted.stream().map(c -> latest(c, discoveredAt)).toList());
            state.posted(posted.stream().map(c -> c.item().publishedAt()).toList(), Instant.ofEpochMilli(discoveredAt));
            // Held-back items are in this document only: a 304 next time would hide them.
            if (!completion.heldBack()) {
                state.validators(response.etag(), response.lastModified());
            }
            int changed = (int) completion.ready().stream().filter(Candidate::changed).count();
            String error = completion.failed() == 0 ? null
                    : completion.failed() + " item(s) held back for the next poll, detail fetch failed: " + completion.firstError();
            return new PollResult(poll.template().id(), PollResult.Outcome.ITEMS, poll.due(), poll.lag(),
                    Duration.between(poll.start(), clock.instant()), response.status(), found, completion.ready().size() - changed,
                    error, changed, completion.fetched(), completion.failed(), completion.dropped().size(), null, response.bodySize(),
                    freshness);
        });
    }

    /** Discovered - published of each new item that tells when it was published (an item dated ahead counts as zero). */
    private static List<Duration> freshness(List<Candidate> ready, long discoveredAt) {
        return ready.stream().filter(c -> !c.changed() && c.item().publishedAt() != null)
                .map(c -> Duration.ofMillis(Math.max(0, discoveredAt - c.item().publishedAt().toEpochMilli()))).toList();
    }

    private static RawItem toRaw(SourceTemplate template, Candidate candidate, long discoveredAt) {
        ExtractedItem item = candidate.item();
        return RawItem.newBuilder()
                .setItemId(candidate.itemId())
                .setSourceId(template.id())
                .setSourceItemId(item.sourceItemId())
                .setUrl(item.url())
                .setTitle(item.title())
                .setSummary(item.summary())
                .setAuthor(item.author())
                .setPublishedAt(item.publishedAt())
                .setDiscoveredAt(Instant.ofEpochMilli(discoveredAt))
                // Dedupe lets a known item through again only when the source asks for changes and
                // the content differs from what it stored; the hash goes on every send, the first too.
                .setContentHash(Long.toHexString(candidate.fingerprint()))
                .setEmitChanges(template.emit() == EmitMode.CHANGES)
                // Only a web link has a page to read; the others are enriched at once.
                .setPageDetails(template.pageDetails() && isWebLink(item.url()))
                .setDetailFields(item.fields())
                .build();
    }

    private static LatestItems.Item latest(Candidate candidate, long discoveredAt) {
        ExtractedItem item = candidate.item();
        return new LatestItems.Item(candidate.itemId(), item.title(), item.url(), item.publishedAt(), Instant.ofEpochMilli(discoveredAt));
    }

    private static boolean isWebLink(String url) {
        return url != null && (url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8));
    }

    /** @param response what the server answered, or null when no answer came */
    private PollResult done(Poll poll, PollResult.Outcome outcome, FailureKind failure, FetchResponse response, int found,
                            String error) {
        // Printable: an error may quote what a server sent (a Location header, a message), and it is logged.
        return new PollResult(poll.template().id(), outcome, poll.due(), poll.lag(), Duration.between(poll.start(), clock.instant()),
                response == null ? 0 : response.status(), found, 0, Printable.of(error), 0, 0, 0, 0, failure,
                response == null ? 0 : response.bodySize(), List.of());
    }

    /** What sort of failure ended a poll that got no answer to read. */
    static FailureKind failureOf(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof ParseBudgetExceededException ? FailureKind.PARSE : FailureKind.of(cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A failure as the template's author should read it: our own messages as they are, others with their type. */
    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof FetchException || cause instanceof ParseBudgetExceededException) {
            return cause.getMessage();
        }
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
