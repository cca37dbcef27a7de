package io.realtimeminer.fetcher.http;

import io.realtimeminer.fetcher.FetcherConfig;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.protocol.RedirectLocations;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * {@link PageFetcher} on Apache HttpClient 5's async client: a few I/O threads serve thousands of
 * requests in flight over pooled connections, with per-host limits, timeouts and a body limit.
 */
public final class AsyncHttpPageFetcher implements PageFetcher {

    private final CloseableHttpAsyncClient client;
    private final int maxBodyBytes;

    public AsyncHttpPageFetcher(FetcherConfig config) {
        this.maxBodyBytes = config.maxBodyBytes();
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnectionsPerHost())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .setSocketTimeout(Timeout.of(config.responseTimeout()))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(config.ioThreads())
                        .setSoTimeout(Timeout.of(config.responseTimeout()))
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(config.responseTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(config.responseTimeout().multipliedBy(2)))
                        .setRedirectsEnabled(config.maxRedirects() > 0)
                        .setMaxRedirects(config.maxRedirects())
                        .build())
                .setUserAgent(config.userAgent())
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
        client.start();
    }

    @Override
    public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
        SimpleRequestBuilder builder = SimpleRequestBuilder.get(request.url());
        request.headers().forEach(builder::addHeader);
        if (request.etag() != null) {
            builder.setHeader(HttpHeaders.IF_NONE_MATCH, request.etag());
        }
        if (request.lastModified() != null) {
            builder.setHeader(HttpHeaders.IF_MODIFIED_SINCE, request.lastModified());
        }
        SimpleHttpRequest httpRequest = builder.build();
        HttpClientContext context = HttpClientContext.create();
        CompletableFuture<FetchResponse> result = new CompletableFuture<>();
        client.execute(SimpleRequestProducer.create(httpRequest), new BoundedBodyConsumer(request.url(), maxBodyBytes),
                null, context, new FutureCallback<>() {
                    @Override
                    public void completed(FetchResponse response) {
                        result.complete(withFinalUrl(response, context));
                    }

                    @Override
                    public void failed(Exception e) {
                        result.completeExceptionally(e);
                    }

                    @Override
                    public void cancelled() {
                        result.cancel(false);
                    }
                });
        return result;
    }

    private static FetchResponse withFinalUrl(FetchResponse response, HttpClientContext context) {
        RedirectLocations redirects = context.getRedirectLocations();
        if (redirects == null || redirects.size() == 0) {
            return response;
        }
        URI last = redirects.get(redirects.size() - 1);
        return new FetchResponse(response.status(), last, response.contentType(), response.body(),
                response.etag(), response.lastModified());
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
