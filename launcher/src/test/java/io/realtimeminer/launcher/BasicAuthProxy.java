package io.realtimeminer.launcher;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy on 127.0.0.1 that asks for one basic-auth login (the JDK's own
 * {@link BasicAuthenticator}) and forwards what it lets in to a plain HTTP server: a schema
 * registry "behind basic auth", the way operators put one behind nginx or a gateway.
 */
final class BasicAuthProxy implements AutoCloseable {

    /** Request headers passed on; the rest (Host, Connection, Authorization...) are the proxy's business. */
    private static final List<String> FORWARDED_HEADERS = List.of("Content-Type", "Accept");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    BasicAuthProxy(String target, String username, String password) throws IOException {
        this.target = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::forward).setAuthenticator(new BasicAuthenticator("registry") {
            @Override
            public boolean checkCredentials(String user, String given) {
                boolean ok = username.equals(user) && password.equals(given);
                if (!ok) {
                    refused.incrementAndGet();
                }
                return ok;
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Requests that carried the login and were passed on. */
    int forwarded() {
        return forwarded.get();
    }

    /** Requests that carried a wrong login (those with none are answered 401 without a check). */
    int refused() {
        return refused.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : FORWARDED_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    request.header(name, value);
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
            response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
