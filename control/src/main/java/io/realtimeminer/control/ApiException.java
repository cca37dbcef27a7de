package io.realtimeminer.control;

import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, with the status to answer and what to fix: turned into a JSON body
 * {@code {"error": ..., "details": [...]}}, never a stack trace.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<Map<String, String>> details;

    public ApiException(int status, String message) {
        this(status, message, List.of());
    }

    public ApiException(int status, String message, List<Map<String, String>> details) {
        super(message);
        this.status = status;
        this.details = List.copyOf(details);
    }

    public int status() {
        return status;
    }

    public List<Map<String, String>> details() {
        return details;
    }

    static ApiException notFound(String sourceId) {
        return new ApiException(404, "no source '" + sourceId + "': PUT /sources/" + sourceId + " with a template creates it");
    }
}
