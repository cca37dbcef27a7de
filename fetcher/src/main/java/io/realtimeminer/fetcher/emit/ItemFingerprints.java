package io.realtimeminer.fetcher.emit;

import io.realtimeminer.fetcher.extract.ExtractedItem;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A 64-bit fingerprint of what a reader sees of an item (link, title, summary, author, time), to notice edits. */
public final class ItemFingerprints {

    private ItemFingerprints() {
    }

    public static long of(ExtractedItem item) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object field : new Object[]{item.url(), item.title(), item.summary(), item.author(), item.publishedAt()}) {
                // A separator that cannot occur in text keeps ("ab", "c") apart from ("a", "bc"); null differs from "".
                sha.update(field == null ? new byte[]{0} : (field + "\u0000\u0001").getBytes(StandardCharsets.UTF_8));
            }
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
