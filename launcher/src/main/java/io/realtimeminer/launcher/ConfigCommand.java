package io.realtimeminer.launcher;

import io.realtimeminer.connect.ConnectWorkerConfig;
import io.realtimeminer.connect.ItemsSinkConfig;
import io.realtimeminer.connect.SightingsSinkConfig;
import io.realtimeminer.connect.SourceStatusSinkConfig;
import io.realtimeminer.control.ControlConfig;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.topology.TopologyConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code miner config}: every setting with its default and documentation, as Markdown (the tables of docs/configuration.md). */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print every setting (name, type, default, documentation) as Markdown tables.")
final class ConfigCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        print(System.out);
        return 0;
    }

    /** One table of {@code miner config}: a component's settings, named with {@code prefix}. */
    private record Section(String title, String prefix, ConfigDef definition) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section("The miner command", "", MinerConfig.CONFIG_DEF),
            new Section("Embedded stack and external servers", "", StackConfig.CONFIG_DEF),
            new Section("Fetcher", "", FetcherConfig.CONFIG_DEF),
            new Section("Topologies", "", TopologyConfig.CONFIG_DEF),
            new Section("Control plane: HTTP API, status, alerts (every instance)", "", ControlConfig.CONFIG_DEF),
            new Section("Items sink (set by the stack: jdbc.*, registry.url)", EmbeddedStack.SINK_PREFIX, ItemsSinkConfig.CONFIG_DEF),
            new Section("Sightings sink (set by the stack: jdbc.*, registry.url)", EmbeddedStack.SIGHTINGS_SINK_PREFIX,
                    SightingsSinkConfig.CONFIG_DEF),
            new Section("Source status sink (set by the stack: jdbc.*, registry.url)", EmbeddedStack.STATUS_SINK_PREFIX,
                    SourceStatusSinkConfig.CONFIG_DEF),
            new Section("Connect worker (set by the stack: bootstrap.servers, registry.url, plugin.path, rest.port)",
                    EmbeddedStack.WORKER_PREFIX, ConnectWorkerConfig.CONFIG_DEF));

    static void print(PrintStream out) {
        Set<String> shown = new HashSet<>();
        SECTIONS.forEach(section -> section(out, section.title(), section.prefix(), section.definition(), shown));
    }

    /** Every setting the miner declares, as {@code miner config} names it (sink and worker settings with their prefix). */
    static Set<String> settingNames() {
        Set<String> names = new HashSet<>();
        SECTIONS.forEach(section -> section.definition().names().forEach(name -> names.add(section.prefix() + name)));
        return names;
    }

    /** The settings of {@code definition} not {@code shown} in an earlier section (one shared by several components appears once). */
    private static void section(PrintStream out, String title, String prefix, ConfigDef definition, Set<String> shown) {
        out.println("#### " + title);
        out.println();
        out.println("| setting | type | default | description |");
        out.println("|---|---|---|---|");
        definition.configKeys().values().stream()
                .filter(key -> shown.add(prefix + key.name))
                .sorted((a, b) -> a.name.compareTo(b.name))
                .forEach(key -> out.printf("| `%s%s` | %s | %s | %s |%n", prefix, key.name,
                        key.type.toString().toLowerCase(java.util.Locale.ROOT), defaultOf(key), key.documentation.replace("|", "\\|")));
        out.println();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        String text = value == null ? "" : key.type != ConfigDef.Type.PASSWORD ? ConfigDef.convertToString(value, key.type)
                : ((Password) value).value().isEmpty() ? "" : "(hidden)";
        return text.isEmpty() ? "" : "`" + text.replace("|", "\\|") + "`";
    }
}
