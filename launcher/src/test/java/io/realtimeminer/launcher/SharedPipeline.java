package io.realtimeminer.launcher;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One {@link RunningPipeline} for the local site ({@link RunningPipeline#forLocalSite}) shared by
 * every end-to-end test class that asks for it as a parameter, started by the first and closed
 * when the test run ends: starting a stack costs half a minute, and these classes use their own
 * source ids so they do not see each other's items.
 */
final class SharedPipeline implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPipeline.class);

    /**
     * The running pipeline, its data directory (deleted after the pipeline is closed) and a local
     * site for the sources of every class (each class uses feeds of its own).
     */
    record Running(RunningPipeline pipeline, Path dataDir, DemoSite site) implements AutoCloseable {
        @Override
        public void close() {
            site.close();
            pipeline.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, type -> start(), Running.class);
    }

    private static Running start() {
        try {
            Path dataDir = Files.createTempDirectory("shared-pipeline");
            return new Running(RunningPipeline.start(RunningPipeline.forLocalSite(dataDir)), dataDir, new DemoSite(Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParameterResolutionException("interrupted while starting the shared pipeline", e);
        }
    }
}
