package io.realtimeminer.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Connect plugin folders this module builds (see its pom): one folder per plugin under a common
 * parent, which is what a worker's {@code plugin.path} names.
 */
public final class PluginFolders {

    /** Where {@code mvn package} of this module puts the parent folder, relative to the project root. */
    public static final String BUILD_OUTPUT = "connect/target/plugins";
    public static final String DEBEZIUM_JDBC = "debezium-jdbc";
    public static final String APICURIO_CONVERTER = "apicurio-converter";
    public static final List<String> ALL = List.of(DEBEZIUM_JDBC, APICURIO_CONVERTER);

    private PluginFolders() {
    }

    /**
     * Returns {@code pluginPath} if every plugin folder in it holds jars; fails with what to build
     * otherwise, since a worker started without them only says much later that a class is missing.
     */
    public static Path requireBuilt(Path pluginPath) {
        for (String plugin : ALL) {
            Path folder = pluginPath.resolve(plugin);
            if (!holdsJars(folder)) {
                throw new IllegalStateException("Connect plugin folder " + folder.toAbsolutePath()
                        + " is missing or empty: build it with `mvn -pl connect -am package`");
            }
        }
        return pluginPath;
    }

    private static boolean holdsJars(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }
}
