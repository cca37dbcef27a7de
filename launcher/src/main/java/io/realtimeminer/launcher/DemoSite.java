package io.realtimeminer.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A local news site for the demo and the end-to-end tests: each of its RSS feeds gains a story
 * every few seconds (or when told), remembers when each story was posted, honours conditional GETs
 * and counts the requests it serves. Each story linking to this site has its article page there
 * ({@link StoryPage}: OpenGraph, JSON-LD, text), except those posted without one (404).
 */
public final class DemoSite implements AutoCloseable {

    /**
     * One request the site served: which feed, when, the client's User-Agent (names the fetcher
     * instance in tests), whether it was conditional (If-None-Match) and whether it got a 304.
     */
    public record Request(String feed, Instant at, String userAgent, boolean conditional, boolean notModified) {
    }

    /** A story as posted. */
    public record Story(String feed, int number, String guid, String title, String link, Instant postedAt) {
    }

    private static final int STORIES_PER_FEED = 50;

    private final HttpServer server;
    private final Clock clock;
    private final String host;
    /** Makes story ids unique per run, so a resumed demo's stories are new to dedupe. */
    private final String runId;
    private final Map<String, List<Story>> feeds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<Request> requestLog = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Story pages by path: the links of posted stories that point to this site. */
    private final Map<String, Story> pages = new ConcurrentHashMap<>();
    private final AtomicInteger pageRequests = new AtomicInteger();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-site-publisher");
        thread.setDaemon(true);
        return thread;
    });

    public DemoSite(Clock clock) throws IOException {
        this(clock, InetAddress.getLoopbackAddress());
    }

    /** A site listening on {@code address} (an address of this machine), which its feed and story links name. */
    public DemoSite(Clock clock, InetAddress address) throws IOException {
        this.clock = clock;
        this.runId = Long.toString(clock.millis(), 36);
        this.host = address.getHostAddress();
        this.server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "demo-site-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** Adds a feed (empty until stories are posted). */
    public DemoSite feed(String name) {
        feeds.computeIfAbsent(name, n -> new ArrayList<>());
        requests.computeIfAbsent(name, n -> new AtomicInteger());
        return this;
    }

    /** Posts a story on every feed every {@code every}, starting now. */
    public DemoSite publishEvery(Duration every) {
        publisher.scheduleAtFixedRate(() -> feeds.keySet().forEach(this::post), 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the posting started by {@link #publishEvery}; the site keeps serving what was posted. */
    public void stopPublishing() {
        publisher.shutdownNow();
    }

    /** Posts the next story on {@code feed} now. */
    public Story post(String feed) {
        return post(feed, number -> url(feed).resolve("/" + feed + "/" + runId + "/" + number).toString(),
                number -> "Story " + number + " of " + feed);
    }

    /**
     * Posts a story with the given link and title on {@code feed} now: two feeds posting the same
     * link (written alike or not) carry one story.
     */
    public Story post(String feed, String link, String title) {
        return post(feed, number -> link, number -> title);
    }

    /** Posts the next story on {@code feed} now, with a link to a page of this site that answers 404 (a story taken down). */
    public Story postWithoutPage(String feed) {
        return post(feed, number -> url(feed).resolve("/gone/" + feed + "/" + runId + "/" + number).toString(),
                number -> "Story " + number + " of " + feed + ", taken down", false);
    }

    private Story post(String feed, IntFunction<String> link, IntFunction<String> title) {
        return post(feed, link, title, true);
    }

    private Story post(String feed, IntFunction<String> link, IntFunction<String> title, boolean withPage) {
        List<Story> stories = feeds.get(feed);
        if (stories == null) {
            throw new IllegalArgumentException("no feed " + feed);
        }
        synchronized (stories) {
            int number = stories.isEmpty() ? 1 : stories.get(stories.size() - 1).number() + 1;
            Story story = new Story(feed, number, feed + "-" + runId + "-" + number, title.apply(number),
                    link.apply(number), clock.instant());
            stories.add(story);
            String path = pagePath(story.link());
            if (withPage && path != null) {
                pages.put(path, story);
            }
            return story;
        }
    }

    /** Every story ever posted on {@code feed}, oldest first. */
    public List<Story> stories(String feed) {
        List<Story> stories = feeds.getOrDefault(feed, List.of());
        synchronized (stories) {
            return List.copyOf(stories);
        }
    }

    /** Requests served for {@code feed} so far. */
    public int requests(String feed) {
        AtomicInteger count = requests.get(feed);
        return count == null ? 0 : count.get();
    }

    /** Every request served so far, in order. */
    public List<Request> requestLog() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    public URI url(String feed) {
        return URI.create(base() + "/" + feed + ".xml");
    }

    /** Requests for story pages served so far (feeds not counted). */
    public int pageRequests() {
        return pageRequests.get();
    }

    /** This site's address: {@code http://host:port}. */
    private String base() {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    /** The path of a link to this site, without a trailing slash; null for a link elsewhere. */
    private String pagePath(String link) {
        try {
            URI uri = URI.create(link);
            if (uri.getPort() != server.getAddress().getPort() || uri.getPath() == null
                    || !host.equals(uri.getHost())) {
                return null;
            }
            String path = uri.getPath();
            return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void servePage(HttpExchange exchange, String path) throws IOException {
        pageRequests.incrementAndGet();
        Story story = pages.get(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (story == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        String site = base();
        byte[] body = StoryPage.html(story, site, site + path).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.endsWith(".xml")) {
                servePage(exchange, path);
                return;
            }
            String feed = path.endsWith(".xml") ? path.substring(1, path.length() - 4) : null;
            List<Story> stories = feed == null ? null : feeds.get(feed);
            if (stories == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            requests.get(feed).incrementAndGet();
            List<Story> latest;
            synchronized (stories) {
                latest = List.copyOf(stories.subList(Math.max(0, stories.size() - STORIES_PER_FEED), stories.size()));
            }
            String etag = "\"" + feed + "-" + (latest.isEmpty() ? 0 : latest.get(latest.size() - 1).number()) + "\"";
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            boolean notModified = etag.equals(ifNoneMatch);
            requestLog.add(new Request(feed, clock.instant(), exchange.getRequestHeaders().getFirst("User-Agent"),
                    ifNoneMatch != null, notModified));
            if (notModified) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body = rss(feed, latest).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.getResponseHeaders().add("ETag", etag);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private String rss(String feed, List<Story> stories) {
        StringBuilder xml = new StringBuilder(1024 + stories.size() * 300)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Demo ")
                .append(feed).append("</title><link>").append(base()).append("/</link><description>A local demo feed</description>\n");
        for (int i = stories.size() - 1; i >= 0; i--) {
            Story story = stories.get(i);
            xml.append("<item><guid isPermaLink=\"false\">").append(story.guid()).append("</guid><title>")
                    .append(xmlText(story.title())).append("</title><link>").append(xmlText(story.link())).append("</link><pubDate>")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(story.postedAt().atOffset(ZoneOffset.UTC)))
                    .append("</pubDate><description>Posted at ").append(story.postedAt()).append("</description></item>\n");
        }
        return xml.append("</channel></rss>\n").toString();
    }

    private static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        publisher.shutdownNow();
        server.stop(0);
    }
}
