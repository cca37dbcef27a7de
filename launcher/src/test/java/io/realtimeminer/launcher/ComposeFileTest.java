package io.realtimeminer.launcher;

import io.realtimeminer.control.ControlSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The top-level {@code docker-compose.yml}, checked without a Docker engine (there is none where
 * this is built): it parses, its images are pinned, its build contexts exist, every setting its
 * miner services pass (environment variables and {@code -D} options) is one the miner reads,
 * dependencies name services and wait for health where there is a check, every server has a
 * health check, published ports do not collide, and the API port the miner is told is the one
 * published.
 */
class ComposeFileTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    /** Clients, not servers (an interactive shell, a job that runs once): nothing to check the health of. */
    private static final Set<String> CLIENTS = Set.of("ksqldb-cli", "ksqldb-init");
    private static final Pattern PINNED = Pattern.compile("[^:@]+(:[^:]+|@sha256:[0-9a-f]{64})");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(PROJECT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
        assertThat(services).containsKeys("kafka", "postgres", "registry", "connect", "topology", "fetcher",
                "ksqldb-server", "ksqldb-init", "ksqldb-cli");
    }

    /** A bind mount of this repository's files (./ksql for the ksqlDB job) names a path that exists. */
    @Test
    void everyBindMountOfTheRepositoryExists() {
        List<String> mounts = new ArrayList<>();
        services.forEach((name, service) -> {
            Object volumes = service.get("volumes");
            if (volumes instanceof List<?> list) {
                for (Object volume : list) {
                    String source = String.valueOf(volume).split(":")[0];
                    if (source.startsWith(".")) {
                        mounts.add(source);
                        assertThat(PROJECT.resolve(source).normalize()).as("bind mount %s of %s", source, name).exists();
                    }
                }
            }
        });
        assertThat(mounts).contains("./ksql");
    }

    @Test
    void everyImageIsPinnedAndEveryBuildContextHasADockerfile() {
        services.forEach((name, service) -> {
            Object build = service.get("build");
            if (build != null) {
                Path context = PROJECT.resolve(build instanceof Map<?, ?> b ? String.valueOf(b.get("context")) : String.valueOf(build));
                assertThat(context.resolve("Dockerfile")).as("the Dockerfile of %s's build context", name).isRegularFile();
            } else {
                String image = String.valueOf(service.get("image"));
                assertThat(image).as("image of %s", name).matches(PINNED).doesNotEndWith(":latest");
            }
        });
    }

    @Test
    void everySettingTheMinerServicesPassIsOneTheMinerReads() throws IOException {
        for (String name : minerServices()) {
            Map<String, Object> settings = settingsOf(services.get(name));
            assertThat(settings).as("settings of %s", name).isNotEmpty();
            assertThat(DeclaredSettings.unknown(settings.keySet())).as("settings of %s that `miner config` does not list", name)
                    .isEmpty();
        }
    }

    @Test
    void dependenciesNameServicesAndWaitForHealthWhereThereIsACheck() {
        services.forEach((name, service) -> dependencies(service).forEach((dependency, condition) -> {
            assertThat(services).as("%s depends on %s", name, dependency).containsKey(dependency);
            if (services.get(dependency).containsKey("healthcheck")) {
                assertThat(condition).as("%s waits for %s to be healthy", name, dependency).isEqualTo("service_healthy");
            }
        }));
    }

    @Test
    void everyServerHasAHealthCheck() {
        services.forEach((name, service) -> {
            if (!CLIENTS.contains(name)) {
                assertThat(service).as("health check of %s", name).containsKey("healthcheck");
            }
        });
    }

    @Test
    void publishedPortsDoNotCollideAndTheApiIsPublishedWhereTheMinerListens() throws IOException {
        Map<String, String> hostPorts = new TreeMap<>();
        Pattern published = Pattern.compile("(?:([0-9.]+):)?(\\d+):(\\d+)");
        Map<String, Integer> apiPublishedAt = new HashMap<>();
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            for (Object port : list(service.getValue().get("ports"))) {
                Matcher m = published.matcher(String.valueOf(port));
                assertThat(m.matches()).as("port %s of %s", port, service.getKey()).isTrue();
                String host = (m.group(1) == null ? "0.0.0.0" : m.group(1)) + ":" + m.group(2);
                assertThat(hostPorts.put(host, service.getKey())).as("host port %s published twice", host).isNull();
                apiPublishedAt.merge(service.getKey(), Integer.parseInt(m.group(3)), (a, b) -> a);
            }
        }
        for (String name : minerServices()) {
            Object apiPort = settingsOf(services.get(name)).get(ControlSettings.PORT);
            assertThat(apiPort).as("%s's API port (fixed, so that its health check and port mapping can name it)", name).isNotNull();
            assertThat(healthCheck(services.get(name))).as("%s's health check", name).contains(":" + apiPort + "/health");
        }
        assertThat(apiPublishedAt.get("connect")).as("the dashboard (the connect instance's API) on the host")
                .isEqualTo(Integer.parseInt(String.valueOf(settingsOf(services.get("connect")).get(ControlSettings.PORT))));
        assertThat(services.get("topology")).as("scaled services publish no host port").doesNotContainKey("ports");
        assertThat(services.get("fetcher")).as("scaled services publish no host port").doesNotContainKey("ports");
    }

    @Test
    void fetchersAndTopologiesScaleUnderSwarmToo() {
        for (String scaled : List.of("fetcher", "topology")) {
            Map<?, ?> deploy = (Map<?, ?>) services.get(scaled).get("deploy");
            assertThat(deploy).as("deploy of %s", scaled).isNotNull();
            assertThat(((Number) deploy.get("replicas")).intValue()).as("replicas of %s", scaled).isPositive();
        }
    }

    /** The services that run the miner: those built from this repository. */
    private static List<String> minerServices() {
        return services.entrySet().stream().filter(e -> e.getValue().containsKey("build")).map(Map.Entry::getKey).sorted().toList();
    }

    /** What the miner makes of a service's environment and {@code -D} options (its own mapping, data dir aside). */
    private static Map<String, Object> settingsOf(Map<String, Object> service) throws IOException {
        Map<String, String> overrides = new HashMap<>();
        List<Object> command = list(service.get("command"));
        for (int i = 0; i + 1 < command.size(); i++) {
            if ("-D".equals(command.get(i))) {
                String[] setting = String.valueOf(command.get(i + 1)).split("=", 2);
                overrides.put(setting[0], setting.length > 1 ? setting[1] : "");
            }
        }
        Map<String, String> environment = new HashMap<>();
        if (service.get("environment") instanceof Map<?, ?> variables) {
            variables.forEach((k, v) -> environment.put(String.valueOf(k), String.valueOf(v)));
        }
        return DeclaredSettings.of(environment, overrides);
    }

    private static Map<String, String> dependencies(Map<String, Object> service) {
        Map<String, String> conditions = new TreeMap<>();
        Object dependsOn = service.get("depends_on");
        if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((k, v) -> conditions.put(String.valueOf(k), v instanceof Map<?, ?> c ? String.valueOf(c.get("condition")) : "service_started"));
        } else {
            list(dependsOn).forEach(name -> conditions.put(String.valueOf(name), "service_started"));
        }
        return conditions;
    }

    private static String healthCheck(Map<String, Object> service) {
        Map<?, ?> check = (Map<?, ?>) service.get("healthcheck");
        return check == null ? "" : String.valueOf(check.get("test"));
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> items ? new ArrayList<>(items) : List.of();
    }
}
