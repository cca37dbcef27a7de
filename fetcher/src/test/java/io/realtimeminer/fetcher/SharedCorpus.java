package io.realtimeminer.fetcher;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared corpus of real feeds, pages and JSON is ({@code ../../shared/corpus} from the
 * module, or {@code -Dcorpus.dir}). A test that needs it is skipped, with the reason, when it is
 * missing on a developer's machine, and fails under CI ({@code CI=true}), where it must be there:
 * corpus tests never vanish silently.
 */
public final class SharedCorpus {

    public static final Path DIR = Path.of(System.getProperty("corpus.dir", "../../shared/corpus"));

    private SharedCorpus() {
    }

    /** {@code DIR.resolve(relative)}, after skipping (or under CI failing) the calling test when it does not exist. */
    public static Path require(String relative) {
        Path path = DIR.resolve(relative);
        if (!Files.exists(path)) {
            String reason = "corpus not found at " + path.toAbsolutePath() + " (set -Dcorpus.dir)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason + "; under CI the shared corpus must be present");
            }
            Assumptions.abort(reason);
        }
        return path;
    }
}
