package io.realtimeminer.fetcher.http;

import java.io.IOException;

/**
 * A fetch failed for a reason worth telling the template's author; the message is complete and
 * readable as it is ("too many redirects (6)", "blocked by robots.txt").
 */
public class FetchException extends IOException {

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
