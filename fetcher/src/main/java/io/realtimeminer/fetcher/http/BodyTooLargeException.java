package io.realtimeminer.fetcher.http;

import java.io.IOException;

/** A response body grew beyond the configured limit; the transfer was aborted. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("response body exceeds the limit of " + limit + " bytes");
    }
}
