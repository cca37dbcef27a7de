package io.realtimeminer.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * What must stay the same from one start to the next on a data dir, kept in
 * {@code <dataDir>/stack.properties}: the ports (a KRaft controller's address is part of its
 * metadata, and users' psql or producer command lines should keep working) and the Kafka cluster id.
 */
public final class StackState {

    public static final String FILE_NAME = "stack.properties";
    /** The embedded broker's SASL password (kafka.sasl.enabled). */
    public static final String KAFKA_SASL_PASSWORD = "kafka.sasl.password";
    /** The embedded PostgreSQL's application user's password, unless {@code jdbc.password} is given. */
    public static final String POSTGRES_PASSWORD = "postgres.password";
    /** The embedded PostgreSQL superuser's password (nothing of the project logs in with it but the stack's set-up). */
    public static final String POSTGRES_SUPERUSER_PASSWORD = "postgres.superuser.password";
    /** The password of the embedded Kafka Connect REST API's user. */
    public static final String CONNECT_REST_PASSWORD = "connect.rest.password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Properties values = new Properties();

    private StackState(Path file) {
        this.file = file;
    }

    /** The state recorded in {@code dataDir}, empty on a new data dir. */
    public static StackState load(Path dataDir) {
        StackState state = new StackState(dataDir.resolve(FILE_NAME));
        if (Files.exists(state.file)) {
            try (Reader reader = Files.newBufferedReader(state.file)) {
                state.values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + state.file, e);
            }
        }
        return state;
    }

    /** The port recorded for {@code key}, if any: where a running stack on this data dir listens. */
    public synchronized Optional<Integer> recordedPort(String key) {
        String recorded = values.getProperty(key);
        return recorded == null ? Optional.empty() : Optional.of(Integer.parseInt(recorded.trim()));
    }

    /**
     * The port for {@code key}: {@code configured} when not 0, else the recorded one, else a free
     * port; recorded in either case. A recorded port that another process holds fails here, with the
     * file to look at, rather than later in a bind error of some server.
     */
    public synchronized int port(String key, int configured) {
        String recorded = values.getProperty(key);
        int port;
        if (configured != 0) {
            port = configured;
        } else if (recorded != null) {
            port = Integer.parseInt(recorded.trim());
            if (!isFree(port)) {
                throw new IllegalStateException("Port " + port + " for " + key + ", recorded in " + file
                        + ", is in use by another process: stop it, or set another port there");
            }
        } else {
            do {
                port = freePort();
            } while (values.containsValue(String.valueOf(port)));
        }
        values.setProperty(key, String.valueOf(port));
        return port;
    }

    /** The value recorded for {@code key}, created by {@code initial} and recorded on first use. */
    public synchronized String value(String key, Supplier<String> initial) {
        String value = values.getProperty(key);
        if (value == null) {
            value = initial.get();
            values.setProperty(key, value);
        }
        return value;
    }

    /** The value recorded for {@code key}, if any. */
    public synchronized Optional<String> recordedValue(String key) {
        return Optional.ofNullable(values.getProperty(key));
    }

    /**
     * The secret recorded for {@code key}, generated (24 random bytes, URL-safe Base64) and recorded
     * on first use; the file is then readable by its owner only.
     */
    public synchronized String secret(String key) {
        return value(key, () -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24)));
    }

    private static byte[] bytes(int count) {
        byte[] random = new byte[count];
        RANDOM.nextBytes(random);
        return random;
    }

    /** Forgets what was recorded for {@code key} (e.g. a password no part takes any more). */
    public synchronized void forget(String key) {
        values.remove(key);
    }

    /** Writes the file (atomically, so a crash never leaves half of it). */
    public synchronized void save() {
        // It holds secrets (the generated passwords).
        PrivateFile.write(file, writer -> values.store(writer, "Chosen by the embedded stack on its first start; reused on every"
                + " later start. Delete the whole data dir to start afresh."));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback interface", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers do: a port left in TIME_WAIT by our previous run is free to them.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
