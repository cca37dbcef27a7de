package io.realtimeminer.fetcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A local HTTP server publishing RSS feeds that tests grow, break and slow down. */
public final class LocalFeedServer implements AutoCloseable {

    /** One RSS item. */
    public record Item(String guid, String title, String link, Instant published) {
    }

    /** How a path answers. */
    public static final class Feed {
        final List<Item> items = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger notModified = new AtomicInteger();
        volatile int status = 200;
        volatile long delayMillis;
        volatile boolean etags = true;
        volatile int padBytes;
        volatile String retryAfter;
        volatile boolean drip;

        public Feed add(Item item) {
            items.add(0, item);
            return this;
        }

        public int requests() {
            return requests.get();
        }

        public int notModified() {
            return notModified.get();
        }

        public Feed status(int status) {
            this.status = status;
            return this;
        }

        public Feed delay(long millis) {
            this.delayMillis = millis;
            return this;
        }

        /** Non-200 answers carry this Retry-After header. */
        public Feed retryAfter(String value) {
            this.retryAfter = value;
            return this;
        }

        /** Sends the body one byte every 300 ms: never idle long enough for a response timeout. */
        public Feed drip() {
            this.drip = true;
            return this;
        }

        public Feed pad(int bytes) {
            this.padBytes = bytes;
            return this;
        }

        String etag() {
            return "\"" + Integer.toHexString(items.hashCode()) + "-" + items.size() + "\"";
        }
    }

    private final HttpServer server;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

    public LocalFeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "feed-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public Feed feed(String name) {
        return feeds.computeIfAbsent(name, n -> new Feed());
    }

    public URI url(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Feed feed = feeds.get(exchange.getRequestURI().getPath().substring(1));
            if (feed == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            feed.requests.incrementAndGet();
            if (feed.delayMillis > 0) {
                Thread.sleep(feed.delayMillis);
            }
            if (feed.status != 200) {
                if (feed.retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", feed.retryAfter);
                }
                exchange.sendResponseHeaders(feed.status, -1);
                return;
            }
            String etag = feed.etag();
            if (feed.etags && etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                feed.notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body = rss(feed).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
            if (feed.etags) {
                exchange.getResponseHeaders().add("ETag", etag);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (feed.drip) {
                    for (byte b : body) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(300);
                    }
                } else {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (timeout, body limit): nothing to answer.
        }
    }

    private static String rss(Feed feed) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Test</title><link>http://example.org/</link><description>d</description>\n");
        for (Item item : feed.items) {
            xml.append("<item><guid isPermaLink=\"false\">").append(item.guid()).append("</guid><title>")
                    .append(item.title()).append("</title><link>").append(item.link()).append("</link><pubDate>")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(item.published().atOffset(ZoneOffset.UTC)))
                    .append("</pubDate></item>\n");
        }
        if (feed.padBytes > 0) {
            xml.append("<!-- ").append("x".repeat(feed.padBytes)).append(" -->");
        }
        return xml.append("</channel></rss>").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
