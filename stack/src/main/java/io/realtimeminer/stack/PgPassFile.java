package io.realtimeminer.stack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL password file (the format of {@code ~/.pgpass}) for the stack's database, so that
 * {@code PGPASSFILE=<data dir>/pgpass psql ...} logs in without the password on a command line or
 * in a shell history. Readable by its owner only (psql ignores it otherwise).
 */
public final class PgPassFile {

    public static final String FILE_NAME = "pgpass";

    private PgPassFile() {
    }

    /** Writes the one line that matches {@code jdbcUrl}'s host, port and database; nothing when there is no password. */
    public static void write(Path file, String jdbcUrl, DatabaseLogin login) {
        if (login.password().isEmpty()) {
            return;
        }
        PrivateFile.write(file, writer -> writer.write(line(jdbcUrl, login) + "\n"));
    }

    /** {@code host:port:database:user:password}, with wildcards for what a JDBC URL of several hosts does not tell. */
    static String line(String jdbcUrl, DatabaseLogin login) {
        String host = "*";
        String port = "*";
        String database = "*";
        try {
            URI uri = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
            if (uri.getHost() != null) {
                host = uri.getHost();
                port = uri.getPort() < 0 ? "5432" : Integer.toString(uri.getPort());
            }
            if (uri.getPath() != null && uri.getPath().length() > 1) {
                database = uri.getPath().substring(1);
            }
        } catch (IllegalArgumentException e) {
            // Several hosts (host1:5432,host2:5432) are no URI: the wildcards stay.
        }
        return String.join(":", escape(host), port, escape(database), escape(login.user()), escape(login.password()));
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** The psql command line for {@code jdbcUrl} that reads the password from {@code file}. */
    public static String psql(Path file, String jdbcUrl, String user) {
        String url = jdbcUrl.replaceFirst("^jdbc:", "").replaceFirst("^postgresql://", "postgresql://" + user + "@");
        return (Files.exists(file) ? "PGPASSFILE=" + file + " " : "") + "psql '" + url + "'";
    }
}
