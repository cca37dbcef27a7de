package io.realtimeminer.fetcher.http;

import java.net.UnknownHostException;

/**
 * Every address a host name resolved to is one the fetcher must not connect to. An
 * {@link UnknownHostException} because that is what HttpClient's DNS resolver may throw.
 */
public class ForbiddenAddressException extends UnknownHostException {

    public ForbiddenAddressException(String message) {
        super(message);
    }
}
