package io.realtimeminer.launcher;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a browser test needs, installed the way {@code .ci/run} does on a fresh machine: Debian's
 * Chromium ({@code apt-get install chromium}, as root) and the npm packages of
 * {@code src/test/browser} ({@code npm ci} from its lockfile: playwright-core, which downloads no
 * browser). Where neither can be had, the test is skipped with the reason, except under CI
 * ({@code CI=true}), where it fails: a browser test never vanishes silently.
 */
final class HeadlessChromium {

    private static final Path SCRIPTS = Path.of("src", "test", "browser");
    private static final Path WORK = Path.of("target", "browser");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private HeadlessChromium() {
    }

    /** The Chromium binary, installed if it is missing and this user may. */
    static Path chromium() throws IOException, InterruptedException {
        Path binary = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(binary) && "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            run(List.of("apt-get", "install", "-y", "-q", "chromium"), Path.of("."), Map.of("DEBIAN_FRONTEND", "noninteractive"));
        }
        if (!Files.isExecutable(binary)) {
            unavailable("no Chromium at " + binary + " (apt-get install chromium, or -Dchromium=<path>)");
        }
        return binary;
    }

    /** The folder holding the browser scripts and their node_modules, after {@code npm ci} when the lockfile changed. */
    static Path scripts() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        boolean changed = false;
        try (var files = Files.list(SCRIPTS)) {
            for (Path file : files.toList()) {
                Path copy = WORK.resolve(file.getFileName());
                changed |= file.getFileName().toString().startsWith("package") && (!Files.exists(copy) || Files.mismatch(file, copy) >= 0);
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (changed || !Files.isDirectory(WORK.resolve("node_modules/playwright-core"))) {
            if (!Files.isExecutable(Path.of("/usr/bin/npm")) && !Files.isExecutable(Path.of("/usr/local/bin/npm"))) {
                unavailable("no npm to install playwright-core with");
            }
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), WORK, Map.of());
        }
        return WORK;
    }

    /**
     * Runs a script of {@code src/test/browser} with node and returns its last output line (the
     * scripts print what they saw as one JSON line).
     */
    static String runScript(String script, Map<String, String> environment, Duration timeout) throws IOException, InterruptedException {
        Path work = scripts();
        return run(List.of("node", script), work, environment, timeout).lines().reduce((first, second) -> second).orElse("");
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason + "; under CI the browser test must run");
        }
        Assumptions.abort(reason);
    }

    private static String run(List<String> command, Path directory, Map<String, String> environment) throws IOException, InterruptedException {
        return run(command, directory, environment, INSTALL_TIMEOUT);
    }

    private static String run(List<String> command, Path directory, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(WORK.toAbsolutePath().getParent(), "browser-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (!ended || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + (ended ? " exited with " + process.exitValue() : " did not end within " + timeout)
                    + ":\n" + text);
        }
        return text;
    }
}
