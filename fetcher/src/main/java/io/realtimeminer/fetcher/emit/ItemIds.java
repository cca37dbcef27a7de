package io.realtimeminer.fetcher.emit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable item ids: the source id, a colon, and 16 hex digits of a SHA-256 of the item's identity. */
public final class ItemIds {

    private ItemIds() {
    }

    public static String of(String sourceId, String identity) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((identity == null ? "" : identity).getBytes(StandardCharsets.UTF_8));
            return sourceId + ":" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
