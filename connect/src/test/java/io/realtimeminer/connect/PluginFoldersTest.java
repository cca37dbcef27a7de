package io.realtimeminer.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginFoldersTest {

    @Test
    void acceptsAPluginPathWhoseFoldersHoldJars(@TempDir Path plugins) throws IOException {
        for (String plugin : PluginFolders.ALL) {
            Files.createDirectories(plugins.resolve(plugin));
            Files.createFile(plugins.resolve(plugin).resolve(plugin + ".jar"));
        }
        assertThat(PluginFolders.requireBuilt(plugins)).isEqualTo(plugins);
    }

    @Test
    void namesTheBuildStepWhenAFolderIsMissing(@TempDir Path plugins) throws IOException {
        Files.createDirectories(plugins.resolve(PluginFolders.DEBEZIUM_JDBC));
        Files.createFile(plugins.resolve(PluginFolders.DEBEZIUM_JDBC).resolve("debezium.jar"));
        assertThatThrownBy(() -> PluginFolders.requireBuilt(plugins))
                .hasMessageContaining(PluginFolders.APICURIO_CONVERTER)
                .hasMessageContaining("mvn -pl connect -am package");
    }
}
