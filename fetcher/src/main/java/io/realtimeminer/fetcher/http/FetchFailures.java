package io.realtimeminer.fetcher.http;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what HttpClient throws into a {@link FetchException} whose message a template's author
 * understands without a stack trace ("connect to example.org:443 timed out after 10000 ms").
 */
final class FetchFailures {

    private final Duration connectTimeout;
    private final Duration responseTimeout;

    FetchFailures(Duration connectTimeout, Duration responseTimeout) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    FetchException describe(Throwable error, URI url) {
        Throwable cause = unwrap(error);
        if (cause instanceof FetchException fetch) {
            return fetch;
        }
        String at = url.getHost() + ":" + port(url);
        String message;
        if (cause instanceof ForbiddenAddressException) {
            message = cause.getMessage();
        } else if (cause instanceof ConnectTimeoutException) {
            message = "connect to " + at + " timed out after " + connectTimeout.toMillis() + " ms";
        } else if (cause instanceof SocketTimeoutException) {
            message = "response from " + at + " timed out: no data for " + responseTimeout.toMillis() + " ms";
        } else if (cause instanceof UnknownHostException) {
            message = "unknown host " + url.getHost();
        } else if (cause instanceof ConnectException) {
            message = "connection to " + at + " refused";
        } else if (cause instanceof ConnectionClosedException) {
            message = "connection closed by " + at + " before the response was complete";
        } else if (cause instanceof SocketException && String.valueOf(cause.getMessage()).contains("reset")) {
            message = "connection reset by " + at;
        } else if (cause instanceof SSLException) {
            message = "TLS with " + at + " failed: " + cause.getMessage();
        } else if (cause instanceof HttpException || cause instanceof MessageConstraintException) {
            message = "malformed HTTP response from " + at + ": " + cause.getMessage();
        } else if (cause instanceof TimeoutException) {
            message = "no connection to " + at + " became free in time (" + HttpSettings.MAX_CONNECTIONS + ")";
        } else if (cause instanceof CancellationException) {
            message = "request to " + at + " was cancelled";
        } else {
            message = message(cause);
        }
        return new FetchException(kindOf(cause), message, cause);
    }

    /** What sort of failure {@code error} is, for one that is not a {@link FetchException} already. */
    static FailureKind kindOf(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof FetchException fetch) {
            return fetch.kind();
        }
        if (cause instanceof ForbiddenAddressException) {
            return FailureKind.ADDRESS_REFUSED;
        }
        if (cause instanceof ConnectTimeoutException || cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (cause instanceof HttpException || cause instanceof MessageConstraintException) {
            return FailureKind.PROTOCOL;
        }
        if (cause instanceof UnknownHostException || cause instanceof ConnectException || cause instanceof ConnectionClosedException
                || cause instanceof SocketException || cause instanceof SSLException) {
            return FailureKind.NETWORK;
        }
        return FailureKind.OTHER;
    }

    /** The readable message of any failure: our own messages as they are, others with their type. */
    static String message(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof FetchException || cause instanceof ForbiddenAddressException) {
            return cause.getMessage();
        }
        String text = cause.getMessage();
        return cause.getClass().getSimpleName() + (text == null ? "" : ": " + text);
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
