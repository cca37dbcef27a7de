package io.realtimeminer.fetcher.extract;

/** A document could not be read as the kind its template says. */
public class ExtractionException extends Exception {

    public ExtractionException(String message, Throwable cause) {
        super(message, cause);
    }
}
