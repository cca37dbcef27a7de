package io.realtimeminer.bench.farm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPOutputStream;

/**
 * Sites nobody should run, on a raw socket of their own (their behaviour is below HTTP's rules, so
 * no HTTP server library would send it): one behaviour per path {@code /hostile/<behaviour>/<n>},
 * each a case that once stopped whole instances (issue 12). A benchmark adds them beside the farm's
 * well-behaved sources to show what they cost the others ({@code miner bench --hostile-share}).
 * Each connection holds one thread while it lasts, at most {@link #MAX_CONNECTIONS}, and serves one
 * request ({@code Connection: close}); writes are paced so that the hostile server itself does not
 * eat the machine's CPU.
 */
public final class HostileSites implements AutoCloseable {

    /** What a hostile source does; {@link #templateJson} is the template a user would have written for it. */
    public enum Behaviour {
        /** Header lines without end. */
        ENDLESS_HEADER,
        /** A body one byte at a time, 5 bytes a second. */
        DRIP,
        /** Reads the request, never answers. */
        STALL,
        /** A 200 MB body. */
        HUGE_BODY,
        /** 1 MB of gzip that inflates to 1 GB. */
        GZIP_BOMB,
        /** A redirect to itself, for ever. */
        REDIRECT_LOOP,
        /** A valid feed listing 50,000 items. */
        ITEM_FLOOD,
        /** A page 3,000 elements deep, read with selectors that walk it over and over. */
        SLOW_PARSE;

        /** The behaviour's part of the path, e.g. {@code endless-header}. */
        public String path() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Behaviour of(String path) {
            return valueOf(path.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    static final int MAX_CONNECTIONS = 256;
    private static final int FLOOD_ITEMS = 50_000;

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "hostile-site");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Thread acceptor;
    private volatile byte[] bomb;
    private volatile byte[] flood;
    private volatile byte[] deepPage;

    private HostileSites(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::accept, "hostile-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on a free port of every address (the sources are spread over loopback addresses, see
     * {@link #host}); answers connections to a loopback address only.
     */
    public static HostileSites start() throws IOException {
        return new HostileSites(new ServerSocket(0, 512));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The URL of hostile source {@code n} behaving as {@code behaviour}, on {@code port}. */
    public static String url(int port, Behaviour behaviour, int n) {
        return "http://" + host(n) + ":" + port + "/hostile/" + behaviour.path() + "/" + n;
    }

    /**
     * Each hostile source on a loopback address of its own ({@code 127.200.a.b}, apart from the
     * farm's {@code 127.1.x.x}), as hostile sites on many domains would be: per-host limits alone
     * do not hold them back.
     */
    static String host(int n) {
        return "127.200." + (n / 250) % 250 + "." + (n % 250 + 1);
    }

    /** The behaviour of hostile source {@code n} of any number: every behaviour in turn. */
    public static Behaviour behaviour(int n) {
        return Behaviour.values()[n % Behaviour.values().length];
    }

    public static String sourceId(int n) {
        return "hostile-" + n;
    }

    /** The template of hostile source {@code n}: an ordinary feed, or for {@link Behaviour#SLOW_PARSE} an html page with costly selectors. */
    public static String templateJson(int port, int n, long intervalSeconds) {
        Behaviour behaviour = behaviour(n);
        String common = "\"name\":\"Hostile " + behaviour.path() + " " + n + "\",\"url\":\"" + url(port, behaviour, n)
                + "\",\"interval\":\"PT" + intervalSeconds + "S\",\"tags\":[\"hostile\",\"" + behaviour.path() + "\"]";
        if (behaviour == Behaviour.SLOW_PARSE) {
            return "{" + common + ",\"kind\":\"html\",\"extract\":{\"items\":\"div div div div div div p\","
                    + "\"fields\":{\"title\":\"div div div div span\",\"link\":\"div div div div a@href\"}}}";
        }
        return "{" + common + ",\"kind\":\"feed\"}";
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (!socket.getLocalAddress().isLoopbackAddress() || !slots.tryAcquire()) {
                    socket.close();
                    continue;
                }
                connections.execute(() -> {
                    try (socket) {
                        serve(socket);
                    } catch (IOException e) {
                        // The client gave up: what a fetcher with limits does.
                    } finally {
                        slots.release();
                    }
                });
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        socket.setSoTimeout(300_000);
        String path = requestPath(socket.getInputStream());
        String[] parts = path == null ? new String[0] : path.split("[/?]");
        OutputStream out = socket.getOutputStream();
        Behaviour behaviour;
        try {
            behaviour = parts.length >= 4 && parts[1].equals("hostile") ? Behaviour.of(parts[2]) : null;
        } catch (IllegalArgumentException e) {
            behaviour = null;
        }
        if (behaviour == null) {
            out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        switch (behaviour) {
            case ENDLESS_HEADER -> {
                head(out, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n");
                byte[] line = ("X-Filler: " + "a".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                for (long i = 0; ; i++) {
                    out.write(line);
                    if (i % 64 == 63) {
                        out.flush();
                        pause(5);
                    }
                }
            }
            case DRIP -> {
                head(out, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n");
                for (int i = 0; i < 100_000; i++) {
                    out.write('<');
                    out.flush();
                    pause(200);
                }
            }
            case STALL -> {
                // Wait for the client to give up (read returns -1 when it closes).
                while (socket.getInputStream().read() >= 0) {
                    // Nothing to do with whatever else it sends.
                }
            }
            case HUGE_BODY -> {
                long length = 200L * 1024 * 1024;
                head(out, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: " + length
                        + "\r\nConnection: close\r\n\r\n");
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                for (long sent = 0; sent < length; sent += chunk.length) {
                    out.write(chunk);
                }
            }
            case GZIP_BOMB -> {
                byte[] body = bomb();
                head(out, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Encoding: gzip\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n");
                out.write(body);
            }
            case REDIRECT_LOOP -> head(out, "HTTP/1.1 302 Found\r\nLocation: " + path.replaceFirst("\\?.*$", "") + "?again="
                    + System.nanoTime() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            case ITEM_FLOOD -> {
                byte[] body = flood();
                head(out, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n");
                out.write(body);
            }
            case SLOW_PARSE -> {
                byte[] body = deepPage();
                head(out, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n");
                out.write(body);
            }
        }
        out.flush();
    }

    private static void head(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The request's path; reads the request line and headers up to the blank line. */
    private static String requestPath(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        String first = null;
        int c;
        int read = 0;
        while ((c = in.read()) >= 0 && read++ < 64 * 1024) {
            if (c == '\n') {
                String text = line.toString().trim();
                if (first == null) {
                    first = text;
                } else if (text.isEmpty()) {
                    break;
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        if (first == null) {
            return null;
        }
        String[] request = first.split(" ");
        return request.length >= 2 ? request[1] : null;
    }

    /**
     * 1,024 gzip members of 1 MB of spaces each, one after the other (a valid gzip stream, RFC 1952
     * §2.2): about 1 MB on the wire, 1 GB inflated, and built in milliseconds.
     */
    private byte[] bomb() {
        if (bomb == null) {
            byte[] member = gzip(" ".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(gzip("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>".getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < 1024; i++) {
                body.writeBytes(member);
            }
            bomb = body.toByteArray();
        }
        return bomb;
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private byte[] flood() {
        if (flood == null) {
            StringBuilder rss = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                    + "<title>Flood</title><link>https://flood.example/</link><description>50,000 items</description>\n");
            String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse("2026-01-01T00:00:00Z")
                    .atOffset(java.time.ZoneOffset.UTC));
            for (int i = 0; i < FLOOD_ITEMS; i++) {
                rss.append("<item><title>Flood item ").append(i).append("</title><link>https://flood.example/").append(i)
                        .append("</link><guid>flood-").append(i).append("</guid><pubDate>").append(date).append("</pubDate></item>\n");
            }
            flood = rss.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
        }
        return flood;
    }

    private byte[] deepPage() {
        if (deepPage == null) {
            int depth = 3_000;
            StringBuilder html = new StringBuilder("<!doctype html><html><body>");
            html.append("<div>".repeat(depth));
            for (int i = 0; i < 200; i++) {
                html.append("<p><span>Deep ").append(i).append("</span><a href=\"/deep/").append(i).append("\">link</a></p>");
            }
            html.append("</div>".repeat(depth)).append("</body></html>");
            deepPage = html.toString().getBytes(StandardCharsets.UTF_8);
        }
        return deepPage;
    }

    private static void pause(long millis) throws SocketException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("interrupted");
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
