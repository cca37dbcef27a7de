package io.realtimeminer.fetcher.http;

import java.io.IOException;

/**
 * A fetch failed for a reason worth telling the template's author; the message is complete and
 * readable as it is ("too many redirects (6)", "blocked by robots.txt"), and its {@link FailureKind} says
 * what sort of failure it was (for the source's status and the metrics).
 */
public class FetchException extends IOException {

    private final FailureKind kind;

    public FetchException(String message) {
        this(FailureKind.OTHER, message, null);
    }

    public FetchException(String message, Throwable cause) {
        this(FailureKind.OTHER, message, cause);
    }

    public FetchException(FailureKind kind, String message) {
        this(kind, message, null);
    }

    public FetchException(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public FailureKind kind() {
        return kind;
    }
}
