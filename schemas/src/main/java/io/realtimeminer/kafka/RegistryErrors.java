package io.realtimeminer.kafka;

import io.apicurio.registry.rest.client.exception.RestClientException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Tells a record that cannot be read because the schema registry did not answer (a passing
 * outage: read it again later) from one that is unreadable in itself (not Avro, unknown schema id:
 * set it aside).
 */
public final class RegistryErrors {

    private RegistryErrors() {
    }

    /**
     * Whether {@code error} (or a cause) says the registry could not be asked: no connection, a
     * timeout, or a server error (5xx). A 4xx answer (e.g. no such schema) is not.
     */
    public static boolean registryUnreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RestClientException rest) {
                // The client reports an I/O failure as an error without an HTTP status.
                Integer status = rest.getError() == null ? null : rest.getError().getErrorCode();
                return status == null || status >= 500;
            }
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The error as a line for the log; the registry client's exceptions carry their text in an error bean. */
    public static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RestClientException rest && rest.getError() != null) {
                return rest.getError().getName() + (rest.getError().getErrorCode() == null ? "" : " (HTTP " + rest.getError().getErrorCode() + ")")
                        + ": " + rest.getError().getMessage();
            }
        }
        return error.toString();
    }
}
