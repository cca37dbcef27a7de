package io.realtimeminer.fetcher.http;

/** A response body grew beyond the configured limit, as sent or once decompressed; the transfer was aborted. */
public class BodyTooLargeException extends FetchException {

    public BodyTooLargeException(long limit) {
        this(limit, false);
    }

    public BodyTooLargeException(long limit, boolean afterDecompression) {
        super(FailureKind.TOO_LARGE, "response body exceeds the limit of " + limit + " bytes" + (afterDecompression ? " after decompression" : ""));
    }
}
