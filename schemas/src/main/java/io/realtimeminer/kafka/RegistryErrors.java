package io.realtimeminer.kafka;

import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.rest.client.auth.exception.ForbiddenException;
import io.apicurio.rest.client.auth.exception.NotAuthorizedException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Tells a record that cannot be read because the schema registry could not serve us (an outage,
 * or a login it refuses: read it again later, never skip it) from one that is unreadable in itself
 * (not Avro, unknown schema id: set it aside).
 */
public final class RegistryErrors {

    private RegistryErrors() {
    }

    /**
     * Whether {@code error} (or a cause) says the registry could not serve us: no connection, a
     * timeout, a server error (5xx), or a refused login (401, 403: the configuration is wrong,
     * not the record). Any other 4xx answer (e.g. no such schema) is not.
     */
    public static boolean registryUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (refusal(cause)) {
                return true;
            }
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

    /** Whether {@code error} (or a cause) is the registry refusing our login or our access. */
    public static boolean loginRefused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (refusal(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code error} itself (not its causes) is a 401 or 403 of the registry. */
    private static boolean refusal(Throwable error) {
        return error instanceof NotAuthorizedException || error instanceof ForbiddenException
                || error instanceof RestClientException rest && rest.getError() != null && rest.getError().getErrorCode() != null
                && (rest.getError().getErrorCode() == 401 || rest.getError().getErrorCode() == 403);
    }

    /** The error as a line for the log; the registry client's exceptions carry their text in an error bean. */
    public static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof NotAuthorizedException) {
                return "the schema registry refused the login (HTTP 401): give its user and password in registry.url"
                        + " (http://user:password@host:port)";
            }
            if (cause instanceof ForbiddenException) {
                return "the schema registry refused access to this login (HTTP 403): it needs the right to read and register schemas";
            }
            if (cause instanceof RestClientException rest && rest.getError() != null) {
                return rest.getError().getName() + (rest.getError().getErrorCode() == null ? "" : " (HTTP " + rest.getError().getErrorCode() + ")")
                        + ": " + rest.getError().getMessage();
            }
        }
        return error.toString();
    }
}
