package io.realtimeminer.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class PgPassFileTest {

    @Test
    void aLineMatchesTheUrlsHostPortAndDatabaseWithSeparatorsEscaped() {
        assertThat(PgPassFile.line("jdbc:postgresql://127.0.0.1:5433/miner?sslmode=disable", new DatabaseLogin("miner", "a:b\\c")))
                .isEqualTo("127.0.0.1:5433:miner:miner:a\\:b\\\\c");
        assertThat(PgPassFile.line("jdbc:postgresql://db.example/items", new DatabaseLogin("app", "pw")))
                .isEqualTo("db.example:5432:items:app:pw");
        assertThat(PgPassFile.line("jdbc:postgresql://h1:5432,h2:5432/items", new DatabaseLogin("app", "pw")))
                .isEqualTo("*:*:items:app:pw");
    }

    @Test
    void theFileIsForItsOwnerOnlyAndPsqlIsToldWhereItIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(PgPassFile.FILE_NAME);
        PgPassFile.write(file, "jdbc:postgresql://127.0.0.1:5433/miner", new DatabaseLogin("miner", "secret"));

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).isEqualTo("127.0.0.1:5433:miner:miner:secret\n");
        assertThat(PgPassFile.psql(file, "jdbc:postgresql://127.0.0.1:5433/miner", "miner"))
                .isEqualTo("PGPASSFILE=" + file + " psql 'postgresql://miner@127.0.0.1:5433/miner'")
                .doesNotContain("secret");
    }

    @Test
    void noPasswordWritesNoFile(@TempDir Path dir) {
        Path file = dir.resolve(PgPassFile.FILE_NAME);
        PgPassFile.write(file, "jdbc:postgresql://db/items", new DatabaseLogin("app", ""));
        assertThat(file).doesNotExist();
        assertThat(PgPassFile.psql(file, "jdbc:postgresql://db/items", "app")).isEqualTo("psql 'postgresql://app@db/items'");
    }
}
