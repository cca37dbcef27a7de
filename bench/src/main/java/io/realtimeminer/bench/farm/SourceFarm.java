package io.realtimeminer.bench.farm;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A local HTTP server imitating thousands of sources of every kind (see {@link FarmLayout} for the
 * paths), with slow answers, errors and conditional GETs, on one port and a handful of threads.
 *
 * <p>A delayed response holds no thread: the handler works out the answer at once and hands it to
 * a scheduler that sends it when its delay is over, so 1,000 responses in flight cost 1,000 queued
 * tasks, not 1,000 sleeping threads. Control paths: {@code /_farm/stats} (JSON counters),
 * {@code /_farm/ledger.tsv} (every item with its posting time), {@code /_farm/requests.tsv}
 * (the requests each source had) and {@code /_farm/templates.tsv}
 * (the template of every source, one {@code key<TAB>json} line each).
 */
public final class SourceFarm implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the client's
        // delayed ACK would add 40 ms to every response.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final int HANDLER_THREADS = 2;

    private final FarmLayout layout;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicReferenceArray<FarmSource> sources;
    private final FarmLedger ledger = new FarmLedger(this);
    private final FarmStats stats;
    private final LatencySampler latency;
    private final FarmRoutes routes;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledThreadPoolExecutor responder;
    private final FarmHub hub;

    private SourceFarm(FarmSettings settings, int port, Clock clock) throws IOException {
        // Sources spread over many loopback hosts need the wildcard address; handle() still answers loopback only.
        InetSocketAddress address = settings.hosts() == 1
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port) : new InetSocketAddress(port);
        this.server = HttpServer.create(address, 4096);
        this.layout = new FarmLayout(settings, server.getAddress().getPort());
        this.clock = clock;
        this.startedAt = clock.instant();
        this.sources = new AtomicReferenceArray<>(settings.sources());
        this.stats = new FarmStats(settings.sources());
        this.latency = new LatencySampler(settings.latencyMedian(), settings.latencyP99());
        this.routes = new FarmRoutes(this);
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, named("farm-http"));
        this.responder = new ScheduledThreadPoolExecutor(1, named("farm-responder"));
        this.hub = new FarmHub(this, responder);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** Starts a farm on {@code port} (0 picks a free one) with the system clock. */
    public static SourceFarm start(FarmSettings settings, int port) throws IOException {
        return new SourceFarm(settings, port, Clock.systemUTC());
    }

    /** Starts a farm whose sources post on {@code clock}'s time (responses are still delayed in real time). */
    public static SourceFarm start(FarmSettings settings, int port, Clock clock) throws IOException {
        return new SourceFarm(settings, port, clock);
    }

    public FarmLayout layout() {
        return layout;
    }

    public int port() {
        return layout.port();
    }

    public FarmTemplates templates() {
        return new FarmTemplates(layout);
    }

    public FarmLedger ledger() {
        return ledger;
    }

    public FarmStats stats() {
        return stats;
    }

    public Instant startedAt() {
        return startedAt;
    }

    Clock clock() {
        return clock;
    }

    FarmRoutes routes() {
        return routes;
    }

    /** What the farm's WebSub hub did so far. */
    public FarmHub.Counts hubCounts() {
        return hub.counts();
    }

    FarmSource source(int n) {
        FarmSource source = sources.get(n);
        if (source == null) {
            source = new FarmSource(n, layout, startedAt.toEpochMilli());
            if (!sources.compareAndSet(n, null, source)) {
                source = sources.get(n);
            }
        }
        return source;
    }

    private void handle(HttpExchange exchange) {
        if (!exchange.getLocalAddress().getAddress().isLoopbackAddress()) {
            exchange.close();
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/_farm/")) {
            control(exchange, path);
            return;
        }
        if (path.equals(FarmHub.PATH)) {
            hub.handle(exchange);
            return;
        }
        Headers headers = exchange.getRequestHeaders();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        FarmResponse response = routes.respond(path, headers.getFirst("If-None-Match"), headers.getFirst("If-Modified-Since"),
                clock.millis(), random);
        long delay = response.status() == 404 ? 0 : latency.sampleMillis(random);
        if (delay == 0) {
            send(exchange, response);
            return;
        }
        stats.delayed();
        long sendAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        responder.schedule(() -> {
            stats.sentLate(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sendAt));
            send(exchange, response);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void send(HttpExchange exchange, FarmResponse response) {
        try (exchange) {
            response.headers().forEach(exchange.getResponseHeaders()::set);
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            stats.answered(response.status());
        } catch (IOException e) {
            // The client gave up (its timeout): nothing to answer.
            stats.clientGone();
        }
    }

    private void control(HttpExchange exchange, String path) {
        switch (path) {
            case "/_farm/stats" -> stream(exchange, "application/json", out -> write(out, stats.snapshot().toJson()));
            case "/_farm/hub" -> stream(exchange, "application/json", out -> write(out, hub.counts().toJson()));
            case "/_farm/ledger.tsv" -> stream(exchange, "text/tab-separated-values; charset=utf-8", ledger::writeTsv);
            case "/_farm/requests.tsv" -> stream(exchange, "text/tab-separated-values; charset=utf-8", stats::writeRequestsTsv);
            case "/_farm/templates.tsv" -> stream(exchange, "text/tab-separated-values; charset=utf-8", templates()::writeTsv);
            default -> send(exchange, FarmResponse.notFound());
        }
    }

    private static void stream(HttpExchange exchange, String contentType, Consumer<Writer> body) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8), 64 * 1024)) {
                body.accept(out);
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away.
        }
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        hub.close();
        responder.shutdownNow();
        handlers.shutdownNow();
    }
}
