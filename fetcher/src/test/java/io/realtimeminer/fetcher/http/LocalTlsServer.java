package io.realtimeminer.fetcher.http;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ListenerEndpoint;
import org.apache.hc.core5.ssl.SSLContexts;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;

/**
 * A loopback HTTPS server (self-signed, in local-tls.p12) that offers HTTP/2 and HTTP/1.1 through
 * ALPN. (An HTTP/1.1-only TLS server without ALPN is the JDK's HttpsServer: {@link #jdkHttps}.)
 */
final class LocalTlsServer implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final HttpAsyncServer server;
    private final int port;

    LocalTlsServer(String body) throws Exception {
        server = H2ServerBootstrap.bootstrap()
                .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
                .setCanonicalHostName("127.0.0.1")
                .setTlsStrategy(new H2ServerTlsStrategy(SSLContexts.custom().loadKeyMaterial(keyStore(), PASSWORD).build()))
                .register("*", new AsyncServerRequestHandler<Message<HttpRequest, Void>>() {
                    @Override
                    public AsyncRequestConsumer<Message<HttpRequest, Void>> prepare(HttpRequest request, EntityDetails entity, HttpContext context) {
                        return new BasicRequestConsumer<>(entity == null ? null : new DiscardingEntityConsumer<>());
                    }

                    @Override
                    public void handle(Message<HttpRequest, Void> request, ResponseTrigger trigger, HttpContext context) throws java.io.IOException, org.apache.hc.core5.http.HttpException {
                        trigger.submitResponse(AsyncResponseBuilder.create(200).setEntity(body, ContentType.TEXT_XML).build(), context);
                    }
                })
                .create();
        server.start();
        ListenerEndpoint endpoint = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), URIScheme.HTTPS).get();
        port = ((InetSocketAddress) endpoint.getAddress()).getPort();
    }

    /** The JDK's HTTPS server: HTTP/1.1 only and no ALPN, like many older servers. */
    static HttpsServer jdkHttps(String body) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(SSLContexts.custom().loadKeyMaterial(keyStore(), PASSWORD).build()));
        https.createContext("/", exchange -> {
            try (exchange) {
                LocalHttpServer.send(exchange, 200, "text/xml", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        https.start();
        return https;
    }

    /** Client-side trust in the server's self-signed certificate. */
    static SSLContext clientTrust() throws Exception {
        return SSLContexts.custom().loadTrustMaterial(keyStore(), null).build();
    }

    URI url(String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    private static KeyStore keyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = LocalTlsServer.class.getResourceAsStream("/local-tls.p12")) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }
}
