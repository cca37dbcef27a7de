package io.realtimeminer.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files of the data dir that hold secrets: readable by their owner only from their first byte on, replaced atomically. */
final class PrivateFile {

    /** Writes the content into a file. */
    interface Content {
        void writeTo(Writer writer) throws IOException;
    }

    private PrivateFile() {
    }

    /** Writes {@code file} (mode 0600) through a temporary file moved over it, so a crash never leaves half of it. */
    static void write(Path file, Content content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                content.writeTo(writer);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
