package io.realtimeminer.fetcher.push;

import java.net.URI;

/**
 * A WebSub hub that a topic names, and the topic's own ({@code rel="self"}) URL: the
 * {@code hub.topic} of a subscription, which may differ from the URL that was fetched.
 */
public record Hub(URI hub, URI topic) {
}
