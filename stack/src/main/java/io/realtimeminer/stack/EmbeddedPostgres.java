package io.realtimeminer.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * PostgreSQL (zonky's embedded binaries, PG 14) as a child process on 127.0.0.1, with its data in a
 * directory that is kept across stops, so a new start resumes; creates the application's user and
 * database on first start.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String SUPERUSER = "postgres";

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    /**
     * @param dataDir  the cluster's data directory ({@code initdb} runs only if it holds none)
     * @param logFile  where the server's output goes
     * @param database database to create, owned by {@code user}
     */
    public EmbeddedPostgres(Path dataDir, Path logFile, int port, String database, String user, String password) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.database = requireIdentifier(database, "database");
        this.user = requireIdentifier(user, "user");
        this.password = password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public synchronized void start(Duration timeout) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            stopOrphan(dataDir, timeout);
            server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(timeout)
                    // Loopback only (zonky leaves PostgreSQL's default, but say it).
                    .setServerConfig("listen_addresses", "localhost")
                    // zonky tunes for throwaway test databases; this one's data must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            createUserAndDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + "; see " + logFile, e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create user " + user + " and database " + database, e);
        }
    }

    private void createUserAndDatabase() throws SQLException {
        // initdb made the cluster with trust authentication for local connections: the superuser
        // needs no password, and neither does the application user here (it has one for external use).
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, "");
             Statement statement = admin.createStatement()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                statement.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
                log.info("Created database user {}", user);
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("CREATE DATABASE " + database + " OWNER " + user);
                log.info("Created database {}", database);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    /**
     * The PostgreSQL server (postmaster) running on {@code dataDir}, from its {@code postmaster.pid};
     * empty when none runs. pg_ctl detaches it, so it is not a descendant of the JVM that started it:
     * this is how to find it (and, below it, its backends).
     */
    public static Optional<ProcessHandle> serverProcess(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(pidFile).stream().findFirst()
                    .map(String::trim)
                    .filter(line -> line.matches("\\d+"))
                    .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .filter(process -> process.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pidFile, e);
        }
    }

    /**
     * Stops a server that a JVM killed without stopping it left running on {@code dataDir}
     * (pg_ctl detaches it, so it survives its parent): it holds the data dir and the recorded port,
     * and PostgreSQL refuses to start a second time on them. SIGTERM is PostgreSQL's clean "smart"
     * shutdown.
     */
    public static void stopOrphan(Path dataDir, Duration timeout) {
        Optional<ProcessHandle> orphan = serverProcess(dataDir);
        if (orphan.isPresent()) {
            log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier process", orphan.get().pid(), dataDir);
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                orphan.get().destroyForcibly();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot stop the orphaned PostgreSQL on " + dataDir, e);
            }
        }
    }

    private static String requireIdentifier(String name, String what) {
        if (!SQL_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("The embedded PostgreSQL's " + what + " must be a lower-case SQL"
                    + " identifier, not '" + name + "'");
        }
        return name;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly", e);
            }
            server = null;
        }
    }
}
