package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.http.FetchException;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.FetchResponse;
import io.realtimeminer.fetcher.http.PageFetcher;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A saved document served as the answer to its source's URL ({@code miner preview --file}), so that
 * the rest of the poll is the poller's; any other URL is not fetched.
 */
record SavedPage(URI url, byte[] body) implements PageFetcher {

    @Override
    public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
        if (!request.url().equals(url)) {
            return CompletableFuture.failedFuture(new FetchException(request.url() + " is not fetched with --file"));
        }
        return CompletableFuture.completedFuture(new FetchResponse(200, url, null, body, null, null));
    }

    @Override
    public void close() {
    }
}
