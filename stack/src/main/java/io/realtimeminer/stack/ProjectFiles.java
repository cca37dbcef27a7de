package io.realtimeminer.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the build outputs of sibling modules (the registry's fast-jar, the Connect plugin folders)
 * when no path is configured: under the project home given by the {@value #HOME_PROPERTY} system
 * property, or else under the current directory or the nearest parent that has them.
 */
public final class ProjectFiles {

    /** System property naming the project's root directory (the one holding registry/ and connect/). */
    public static final String HOME_PROPERTY = "miner.home";
    public static final String REGISTRY_JAR = "registry/target/quarkus-app/quarkus-run.jar";

    private ProjectFiles() {
    }

    /** {@code relativePath} resolved under the project home, if it exists there. */
    public static Optional<Path> locate(String relativePath) {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            Path candidate = Path.of(home).resolve(relativePath).toAbsolutePath().normalize();
            return Files.exists(candidate) ? Optional.of(candidate) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relativePath);
            if (Files.exists(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** Like {@link #locate} but fails with where it looked and what builds the file. */
    public static Path require(String relativePath, String buildHint) {
        return locate(relativePath).orElseThrow(() -> new IllegalStateException(relativePath + " not found under "
                + (System.getProperty(HOME_PROPERTY) != null
                        ? "-D" + HOME_PROPERTY + "=" + System.getProperty(HOME_PROPERTY)
                        : Path.of("").toAbsolutePath() + " or its parents (set -D" + HOME_PROPERTY + ")")
                + ": " + buildHint));
    }
}
