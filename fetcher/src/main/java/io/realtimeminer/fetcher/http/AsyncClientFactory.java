package io.realtimeminer.fetcher.http;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;

/** Builds the HttpClient 5 async client of {@link AsyncHttpPageFetcher} from the fetcher's settings. */
final class AsyncClientFactory {

    private AsyncClientFactory() {
    }

    /**
     * @param dns        resolves host names; every connection goes to an address it returned
     * @param sslContext trust for TLS, null for the JVM's default trust store
     */
    static CloseableHttpAsyncClient create(HttpSettings config, DnsResolver dns, SSLContext sslContext) {
        return HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(dns)
                        .setTlsStrategy(sslContext == null ? ClientTlsStrategyBuilder.create().useSystemProperties().build()
                                : ClientTlsStrategyBuilder.create().setSslContext(sslContext).build())
                        // NEGOTIATE is HttpClient's default too: h2 through ALPN over TLS, HTTP/1.1 on plain http.
                        .setDefaultTlsConfig(TlsConfig.custom()
                                .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
                                .setHandshakeTimeout(Timeout.of(config.connectTimeout()))
                                .build())
                        .setMaxConnTotal(config.maxConnections())
                        .setMaxConnPerRoute(config.maxConnectionsPerHost())
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(config.connectTimeout()))
                                .setSocketTimeout(Timeout.of(config.responseTimeout()))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(config.ioThreads())
                        .setSoTimeout(Timeout.of(config.responseTimeout()))
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(config.responseTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(config.requestDeadline()))
                        .setRedirectsEnabled(false)
                        .build())
                // A server that never ends its header block (one endless line, or lines without end)
                // fails the exchange instead of growing the heap until the I/O reactor dies.
                .setHttp1Config(Http1Config.custom()
                        .setMaxLineLength(config.maxHeaderLineBytes())
                        .setMaxHeaderCount(config.maxHeaderCount())
                        .build())
                .setH2Config(H2Config.custom()
                        .setMaxHeaderListSize(config.maxHeaderBytes())
                        .build())
                .setUserAgent(config.userAgent())
                // Retries only of passing failures, within the fetch's deadline; no redirects we
                // cannot check, no cookies shared between the templates.
                .setRetryStrategy(new TransientErrorRetries(config.retries(), config.retryDelay(), config.retryDelayMax()))
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
    }
}
