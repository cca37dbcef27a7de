package io.realtimeminer.bench.fetch;

import io.realtimeminer.bench.farm.FarmSettings;
import io.realtimeminer.bench.farm.FarmStats;
import io.realtimeminer.bench.farm.FarmTemplates;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.extract.Extractors;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.fetcher.parse.BudgetedParsePool;
import io.realtimeminer.fetcher.schedule.PollScheduler;
import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One run: a farm of N sources, one fetch engine (the real {@link PollScheduler} and
 * {@link AsyncHttpPageFetcher}, a counting sink instead of Kafka) given all N templates at once,
 * a warm-up, a measured window, and the figures of the polls due within it.
 */
final class BenchmarkRun {

    /**
     * @param farm        the farm, whose source count is replaced by the run's
     * @param hosts       distinct hosts, 0 for one per source
     * @param fetcher     fetcher settings on top of the benchmark's own
     * @param lagTarget   the schedule lag p99 the run is judged by
     */
    record Plan(FarmSettings farm, int hosts, boolean farmInProcess, String farmHeap, Map<String, String> fetcher,
                Duration warmup, Duration measure, Duration lagTarget) {
    }

    private final Plan plan;
    private final PrintStream progress;

    BenchmarkRun(Plan plan, PrintStream progress) {
        this.plan = plan;
        this.progress = progress;
    }

    RunReport run(int sources) throws IOException, InterruptedException {
        FarmSettings settings = plan.farm().withSources(sources).withHosts(plan.hosts() == 0 ? sources : Math.min(plan.hosts(), sources));
        // The engine's defaults, but for the farm's loopback addresses, which the SSRF guard refuses by default.
        Map<String, Object> config = new HashMap<>(Map.of(FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, "true"));
        config.putAll(plan.fetcher());
        FetcherConfig fetcherConfig = new FetcherConfig(config);
        try (FarmHandle farm = FarmHandle.start(settings, plan.farmInProcess(), plan.farmHeap());
             ProcessMeter meter = new ProcessMeter()) {
            List<SourceTemplate> templates = templates(new FarmTemplates(farm.layout()), sources, fetcherConfig.minInterval());
            PollRecorder recorder = new PollRecorder();
            CountingItemSink sink = new CountingItemSink(farm.startedAt());
            // Errors that kill an engine thread are a result of the run, not a reason to stop the sweep.
            List<String> engineErrors = new CopyOnWriteArrayList<>();
            // The production pool: every document under its time budget.
            BudgetedParsePool parsePool = new BudgetedParsePool(fetcherConfig.parseThreads(), fetcherConfig.parseBudget(),
                    2 * fetcherConfig.parseThreads(), (component, error) -> engineErrors.add(component + ": " + error.getMessage()));
            Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
                engineErrors.add(error.getClass().getSimpleName() + " killed thread " + thread.getName());
                progress.println("engine error: " + error + " killed thread " + thread.getName());
            });
            AsyncHttpPageFetcher http = new AsyncHttpPageFetcher(fetcherConfig.httpSettings());
            PollScheduler scheduler = new PollScheduler(http, Extractors.byKind(), sink, parsePool, recorder,
                    fetcherConfig.seenIdsPerSource(), Clock.systemUTC(), fetcherConfig.pollPolicy());
            try {
                Instant begin = Instant.now();
                long windowStart = begin.plus(plan.warmup()).toEpochMilli();
                long windowEnd = windowStart + plan.measure().toMillis();
                recorder.window(windowStart, windowEnd);
                sink.window(windowStart, windowEnd);
                progress.printf(Locale.ROOT, "%,d sources (farm %s, %,d hosts): warm-up %d s, measuring %d s%n", sources, farm.where(),
                        settings.hosts(), plan.warmup().toSeconds(), plan.measure().toSeconds());

                long upsertStart = System.nanoTime();
                templates.forEach(scheduler::upsert);
                long upsertMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upsertStart);

                sleepUntil(windowStart, recorder);
                Duration cpu0 = meter.processCpu().minus(plan.farmInProcess() ? farm.cpu() : Duration.ZERO);
                Duration farmCpu0 = farm.cpu();
                long completed0 = recorder.completed();
                FarmStats.Snapshot farm0 = farm.stats();
                meter.startSampling();

                sleepUntil(windowEnd, recorder);
                Duration cpu1 = meter.processCpu().minus(plan.farmInProcess() ? farm.cpu() : Duration.ZERO);
                Duration farmCpu1 = farm.cpu();
                long completed1 = recorder.completed();
                FarmStats.Snapshot farm1 = farm.stats();
                double machineBusy = meter.stopSampling();
                MemoryUsage heap = meter.heap();
                int threads = meter.threads();
                awaitStragglers(recorder);
                long live = meter.liveHeapBytes();

                double measureSeconds = plan.measure().toMillis() / 1000.0;
                double cpuSeconds = (cpu1.toNanos() - cpu0.toNanos()) / 1e9;
                double farmCpuSeconds = (farmCpu1.toNanos() - farmCpu0.toNanos()) / 1e9;
                long finished = Math.max(1, completed1 - completed0);
                long responses = Math.max(1, farm1.requests() - farm0.requests());
                return new RunReport(sources, setup(settings, farm), sources / (double) settings.interval().toSeconds(),
                        recorder.inWindow() / measureSeconds, recorder.inWindow(), recorder.withItems(), recorder.notModified(),
                        recorder.failed(), recorder.failuresByKind(), recorder.lag(), recorder.duration(), sink.discovery(),
                        recorder.itemsFound(), recorder.itemsNew(), recorder.detailsFetched(), sink.items(), cpuSeconds, cpuSeconds * 1000 / finished,
                        farmCpuSeconds, farmCpuSeconds * 1000 / responses, machineBusy, heap.getUsed(), heap.getCommitted(), live,
                        threads, upsertMillis, farm1.lateP99Millis(), farm1.lateMaxMillis(), plan.lagTarget().toMillis(), engineErrors);
            } finally {
                close("the scheduler", scheduler, engineErrors);
                close("the HTTP client", http, engineErrors);
                parsePool.close();
                Thread.setDefaultUncaughtExceptionHandler(previous);
            }
        }
    }

    private void close(String what, AutoCloseable closeable, List<String> engineErrors) {
        try {
            closeable.close();
        } catch (Exception | StackOverflowError e) {
            engineErrors.add(e.getClass().getSimpleName() + " while closing " + what);
            progress.println("engine error while closing " + what + ": " + e);
        }
    }


    /** The farm's templates through the parser, as a fetcher gets them from the templates topic. */
    private static List<SourceTemplate> templates(FarmTemplates farmTemplates, int sources, Duration minInterval) {
        TemplateParser parser = new TemplateParser(minInterval);
        List<SourceTemplate> templates = new ArrayList<>(sources);
        for (int n = 0; n < sources; n++) {
            try {
                templates.add(farmTemplates.parse(n, parser));
            } catch (InvalidTemplateException e) {
                throw new IllegalStateException("the parser rejects the farm's template of source " + n + ": " + e.getMessage(), e);
            }
        }
        return templates;
    }

    private static String setup(FarmSettings settings, FarmHandle farm) {
        return String.format(Locale.ROOT, "kinds %s, poll every %d s, an item every %d s per source (%s), farm latency median %d ms / p99 %d ms, "
                        + "%.1f%% 503s, %,d hosts, farm %s",
                settings.mix(), settings.interval().toSeconds(), settings.itemEvery().toSeconds(), settings.arrivals().name().toLowerCase(Locale.ROOT),
                settings.latencyMedian().toMillis(), settings.latencyP99().toMillis(), settings.errorRate() * 100, settings.hosts(), farm.where());
    }

    private void sleepUntil(long epochMillis, PollRecorder recorder) throws InterruptedException {
        long lastReport = System.currentTimeMillis();
        while (System.currentTimeMillis() < epochMillis) {
            Thread.sleep(Math.min(1_000, Math.max(1, epochMillis - System.currentTimeMillis())));
            if (System.currentTimeMillis() - lastReport >= 30_000) {
                lastReport = System.currentTimeMillis();
                progress.printf(Locale.ROOT, "  ... %,d polls finished, %,d of them due in the window%n", recorder.completed(), recorder.inWindow());
            }
        }
    }

    /** Waits for the polls due in the window that are still running (slow responses), at most 30 s. */
    private static void awaitStragglers(PollRecorder recorder) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        long last = -1;
        int stable = 0;
        while (System.currentTimeMillis() < deadline && stable < 3) {
            Thread.sleep(1_000);
            long now = recorder.inWindow();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
    }
}
