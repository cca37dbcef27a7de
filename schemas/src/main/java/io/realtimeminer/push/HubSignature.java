package io.realtimeminer.push;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code X-Hub-Signature} of a WebSub notification (W3C WebSub §7.1): {@code method=hex} with
 * method sha1, sha256, sha384 or sha512, an HMAC of the raw body under the subscription's
 * {@code hub.secret}. Compared in constant time; any other method, a malformed value or a missing
 * header is invalid.
 */
public final class HubSignature {

    public static final String HEADER = "X-Hub-Signature";

    private static final Map<String, String> ALGORITHMS = Map.of(
            "sha1", "HmacSHA1", "sha256", "HmacSHA256", "sha384", "HmacSHA384", "sha512", "HmacSHA512");

    private HubSignature() {
    }

    /** Whether {@code header} signs {@code body} with {@code secret}. */
    public static boolean valid(String header, String secret, byte[] body) {
        if (header == null) {
            return false;
        }
        int equals = header.indexOf('=');
        if (equals <= 0) {
            return false;
        }
        String algorithm = ALGORITHMS.get(header.substring(0, equals).strip().toLowerCase(Locale.ROOT));
        if (algorithm == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(equals + 1).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(algorithm, secret, body), given);
    }

    /** The header a hub sends for {@code body} with {@code method} (sha1, sha256, sha384, sha512). */
    public static String sign(String method, String secret, byte[] body) {
        String algorithm = ALGORITHMS.get(method);
        if (algorithm == null) {
            throw new IllegalArgumentException("not a WebSub signature method: " + method);
        }
        return method + "=" + HexFormat.of().formatHex(hmac(algorithm, secret, body));
    }

    private static byte[] hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
