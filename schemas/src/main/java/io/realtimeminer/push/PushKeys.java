package io.realtimeminer.push;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Every WebSub secret derived from one key, so that any instance behind the load balancer checks a
 * callback without shared session state. A subscription is a source and a generation (a new one at
 * every subscription, so that a renewal has a callback of its own, as the Recommendation advises).
 * Its callback, {@code /websub/{source}/{generation}/{topic digest}/{token}}, carries a digest of
 * the topic (so that an intent verification proves which topic it is about) and a token bound to
 * all three; its {@code hub.secret} is bound to the source and generation. All are HMAC-SHA256 of
 * the key (the digest a SHA-256).
 */
public final class PushKeys {

    /** The path under which callbacks are served. */
    public static final String PATH = "/websub";

    /** A callback's path segments after {@link #PATH}. */
    public record Callback(String sourceId, long generation, String topicDigest, String token) {
    }

    private final byte[] key;

    public PushKeys(byte[] key) {
        this.key = key.clone();
    }

    /** The callback URL of a subscription, under the public {@code base}. */
    public URI callback(URI base, String sourceId, long generation, String topic) {
        String digest = digest(topic);
        return URI.create(base + PATH + "/" + encode(sourceId) + "/" + generation + "/" + digest + "/"
                + token(sourceId, generation, digest));
    }

    /** The {@code hub.secret} of a subscription: 43 characters, under the Recommendation's 200 bytes. */
    public String secret(String sourceId, long generation) {
        return mac("websub-secret|" + sourceId + "|" + generation);
    }

    /** Whether this key made {@code callback} (its token matches its source, generation and topic digest). */
    public boolean authentic(Callback callback) {
        if (callback.token() == null || callback.topicDigest() == null) {
            return false;
        }
        byte[] expected = token(callback.sourceId(), callback.generation(), callback.topicDigest()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, callback.token().getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code callback} was made for {@code topic}. */
    public static boolean names(Callback callback, String topic) {
        return topic != null && MessageDigest.isEqual(digest(topic).getBytes(StandardCharsets.US_ASCII),
                callback.topicDigest().getBytes(StandardCharsets.US_ASCII));
    }

    private String token(String sourceId, long generation, String digest) {
        return mac("websub-callback|" + sourceId + "|" + generation + "|" + digest);
    }

    private static String digest(String topic) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(topic.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A source id as one path segment (ids are letters, digits, '-', '_' and '.', but never trust that here). */
    private static String encode(String sourceId) {
        return java.net.URLEncoder.encode(sourceId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
