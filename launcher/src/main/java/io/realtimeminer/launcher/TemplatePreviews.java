package io.realtimeminer.launcher;

import io.realtimeminer.control.TemplatePreviewer;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.extract.Extractors;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.parse.BudgetedParsePool;
import io.realtimeminer.fetcher.schedule.PollResult;
import io.realtimeminer.fetcher.schedule.SourcePreview;
import io.realtimeminer.template.SourceTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One poll of a template that is not published, through the fetchers' own engine and extraction
 * ({@link SourcePreview}): {@code miner preview} and {@code POST /sources/{id}/preview} (the
 * dashboard's editor) both run it, with this process's fetcher settings.
 */
final class TemplatePreviews implements TemplatePreviewer {

    private final Map<String, Object> settings;

    TemplatePreviews(Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    /**
     * Polls {@code template} once, or reads {@code saved} instead of fetching its URL (then its
     * detail documents are not fetched either).
     *
     * @throws TimeoutException when no answer came within three request deadlines
     */
    static SourcePreview.Result run(FetcherConfig config, SourceTemplate template, byte[] saved)
            throws TimeoutException, ExecutionException, InterruptedException {
        try (PageFetcher fetcher = saved != null ? new SavedPage(template.url(), saved) : new AsyncHttpPageFetcher(config.httpSettings());
             BudgetedParsePool parsePool = new BudgetedParsePool(1, config.parseBudget(), 1, (component, error) -> { })) {
            return SourcePreview.run(template, fetcher, Extractors.byKind(), parsePool, config.pollPolicy(), Clock.systemUTC(), saved == null)
                    .get(wait(config).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Longer than any fetch (its deadline) and its detail documents can take. */
    static Duration wait(FetcherConfig config) {
        return config.requestDeadline().multipliedBy(3);
    }

    @Override
    public Preview preview(SourceTemplate template) {
        FetcherConfig config = new FetcherConfig(settings);
        try {
            SourcePreview.Result result = run(config, template, null);
            if (result.poll().outcome() == PollResult.Outcome.FAILED) {
                return new Preview(List.of(), result.warnings(), "cannot read " + template.url() + ": " + result.poll().error());
            }
            return new Preview(result.items(), result.warnings(), null);
        } catch (TimeoutException e) {
            return new Preview(List.of(), List.of(), "cannot read " + template.url() + ": no answer within " + wait(config).toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Preview(List.of(), List.of(), "cannot read " + template.url() + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Preview(List.of(), List.of(), "interrupted");
        }
    }
}
