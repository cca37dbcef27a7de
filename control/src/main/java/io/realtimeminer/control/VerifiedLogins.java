package io.realtimeminer.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a login against its {@link PasswordHash}, deriving the hash (a deliberately slow tenth of a
 * second) only the first time a password proves right: after that, a SHA-256 of the password that
 * matched is compared in constant time. One entry per configured user at most, kept in memory only.
 */
final class VerifiedLogins {

    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    boolean matches(String user, String password, String hash) {
        byte[] digest = sha256(password);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        if (PasswordHash.matches(password.toCharArray(), hash)) {
            verified.put(user, digest);
            return true;
        }
        return false;
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
