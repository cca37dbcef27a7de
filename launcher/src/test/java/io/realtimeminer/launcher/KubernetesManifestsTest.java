package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.kafka.Topics;
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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests in {@code deploy/k8s}, checked without a cluster: they parse; every
 * object has a kind and a name; images are pinned; every ConfigMap and Secret a container reads
 * exists (the Secret {@code miner-secrets} is made by the operator, see config.yaml); every
 * setting the ConfigMap gives is one the miner reads; the KEDA ScaledObject scales a Deployment of
 * these files on the fetchers' consumer group and topic. That the metrics it queries are exported
 * is checked on a running pipeline by {@link ApiIT}.
 */
class KubernetesManifestsTest {

    static final Path MANIFESTS = Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();
    private static final String OPERATOR_SECRET = "miner-secrets";
    private static final Pattern MINER_METRIC = Pattern.compile("\\bminer_[a-z_]+");

    private static List<Map<String, Object>> objects;

    @BeforeAll
    static void parse() throws IOException {
        objects = objects();
        assertThat(objects).extracting(KubernetesManifestsTest::kindAndName).contains("Deployment/miner-fetcher",
                "Deployment/miner-topology", "Deployment/miner-connect", "ConfigMap/miner-config", "ScaledObject/miner-fetcher",
                "StatefulSet/kafka", "StatefulSet/postgres", "Deployment/registry");
    }

    /** Every object of every manifest. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects() throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    new Yaml().loadAll(reader).forEach(document -> {
                        if (document != null) {
                            all.add((Map<String, Object>) document);
                        }
                    });
                }
            }
        }
        return all;
    }

    /** The miner metrics (Prometheus names) the KEDA triggers query. */
    static Set<String> scaledOnMetrics() throws IOException {
        Set<String> metrics = new TreeSet<>();
        for (Map<String, Object> object : objects()) {
            if ("ScaledObject".equals(object.get("kind"))) {
                for (Map<String, Object> trigger : maps(map(object, "spec").get("triggers"))) {
                    Matcher m = MINER_METRIC.matcher(String.valueOf(map(trigger, "metadata").get("query")));
                    while (m.find()) {
                        metrics.add(m.group());
                    }
                }
            }
        }
        return metrics;
    }

    @Test
    void everyObjectHasAKindANameAndPinnedImages() {
        for (Map<String, Object> object : objects) {
            assertThat(object).containsKeys("apiVersion", "kind");
            assertThat(map(object, "metadata")).as("metadata of a %s", object.get("kind")).containsKey("name");
            for (Map<String, Object> container : containers(object)) {
                assertThat(String.valueOf(container.get("image"))).as("image of %s", kindAndName(object))
                        .matches("[^:@]+(:[^:]+|@sha256:[0-9a-f]{64})").doesNotEndWith(":latest");
            }
        }
    }

    @Test
    void everyConfigMapAndSecretAContainerReadsExists() {
        Set<String> configMaps = new TreeSet<>();
        objects.stream().filter(o -> "ConfigMap".equals(o.get("kind"))).forEach(o -> configMaps.add(String.valueOf(map(o, "metadata").get("name"))));
        for (Map<String, Object> object : objects) {
            for (Map<String, Object> container : containers(object)) {
                for (Map<String, Object> source : maps(container.get("envFrom"))) {
                    if (source.containsKey("configMapRef")) {
                        assertThat(configMaps).as("ConfigMaps read by %s", kindAndName(object))
                                .contains(String.valueOf(map(source, "configMapRef").get("name")));
                    } else {
                        assertThat(map(source, "secretRef").get("name")).as("Secret read by %s", kindAndName(object))
                                .isEqualTo(OPERATOR_SECRET);
                    }
                }
            }
        }
    }

    @Test
    void everySettingTheConfigMapGivesIsOneTheMinerReads() throws IOException {
        Map<String, String> environment = new HashMap<>();
        objects.stream().filter(o -> "ConfigMap".equals(o.get("kind")))
                .forEach(o -> map(o, "data").forEach((k, v) -> environment.put(k, String.valueOf(v))));
        Map<String, Object> settings = DeclaredSettings.of(environment, Map.of());

        assertThat(settings).containsKeys("kafka.bootstrap.servers", "registry.url", "api.port");
        assertThat(DeclaredSettings.unknown(settings.keySet())).as("settings that `miner config` does not list").isEmpty();
    }

    @Test
    void kedaScalesTheFetchersOnTheirOwnConsumerGroupAndMetrics() throws IOException {
        Map<String, Object> scaled = objects.stream().filter(o -> "ScaledObject".equals(o.get("kind"))).findFirst().orElseThrow();
        assertThat(objects).extracting(KubernetesManifestsTest::kindAndName)
                .contains("Deployment/" + map(map(scaled, "spec"), "scaleTargetRef").get("name"));
        Map<String, Object> kafka = maps(map(scaled, "spec").get("triggers")).stream()
                .filter(t -> "kafka".equals(t.get("type"))).findFirst().map(t -> map(t, "metadata")).orElseThrow();
        assertThat(kafka.get("consumerGroup")).isEqualTo(FetcherConfig.CONFIG_DEF.defaultValues().get(FetcherConfig.GROUP_ID));
        assertThat(kafka.get("topic")).isEqualTo(Topics.TEMPLATES);
        assertThat(scaledOnMetrics()).contains("miner_poll_schedule_lag_seconds_bucket");
    }

    private static String kindAndName(Map<String, Object> object) {
        return object.get("kind") + "/" + map(object, "metadata").get("name");
    }

    private static List<Map<String, Object>> containers(Map<String, Object> object) {
        Map<String, Object> spec = map(object, "spec");
        Map<String, Object> template = map(spec, "template");
        return maps(map(template, "spec").get("containers"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent != null && parent.get(key) instanceof Map<?, ?> child ? (Map<String, Object>) child : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
