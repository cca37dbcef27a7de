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
 * directory that is kept across stops, so a new start resumes. Every start makes sure of the
 * application's user (a login role that is no superuser and cannot create roles or databases: it
 * owns its database and nothing else) and database, sets the superuser's password, and has every
 * connection log in with a password (SCRAM; {@code initdb} left "trust", under which any local user
 * was the superuser and could run programs with {@code COPY ... TO PROGRAM}).
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String SUPERUSER = "postgres";
    private static final String HBA = """
            # Written by realtime-miner at every start of the embedded PostgreSQL (edits are replaced):
            # every connection logs in with a password.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String superuserPassword;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    /**
     * @param dataDir  the cluster's data directory ({@code initdb} runs only if it holds none)
     * @param logFile  where the server's output goes
     * @param database database to create, owned by {@code user}
     * @param user     the application's role (for the sink, the migrations and queries)
     * @param password its password, set at every start
     * @param superuserPassword the password of the superuser {@code postgres}, set at every start
     */
    public EmbeddedPostgres(Path dataDir, Path logFile, int port, String database, String user, String password,
                            String superuserPassword) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.database = requireIdentifier(database, "database");
        this.user = requireIdentifier(user, "user");
        this.password = password;
        this.superuserPassword = superuserPassword;
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
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // zonky's readiness check logs in as the superuser.
                    .setConnectConfig("password", superuserPassword)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            secure();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + "; see " + logFile, e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set up user " + user + " and database " + database + " of the embedded"
                    + " PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void secure() throws SQLException, IOException {
        // A cluster initdb has just made (or one of an earlier release) still trusts local connections:
        // the password is then not checked, and is the one set below from then on.
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, superuserPassword);
             Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superuserPassword));
            String privileges = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD " + literal(password);
            if (exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                statement.execute("ALTER ROLE " + user + privileges);
            } else {
                statement.execute("CREATE ROLE " + user + privileges);
                log.info("Created database user {}", user);
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("CREATE DATABASE " + database + " OWNER " + user);
                log.info("Created database {}", database);
            }
            Path hba = dataDir.resolve("pg_hba.conf");
            if (!HBA.equals(Files.readString(hba))) {
                Files.writeString(hba, HBA);
                statement.execute("SELECT pg_reload_conf()");
                log.info("The embedded PostgreSQL now asks every connection for a password");
            }
        }
    }

    /** A SQL string literal (standard_conforming_strings is on: only quotes are doubled). */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
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
