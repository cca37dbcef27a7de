package io.realtimeminer.launcher;

import io.realtimeminer.kafka.KafkaClients;
import org.apache.kafka.tools.ConsoleProducer;
import org.apache.kafka.tools.consumer.ConsoleConsumer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/kafka-console-producer} and {@code bin/kafka-console-consumer}: Kafka's own console
 * tools, logged in to this machine's pipeline by themselves. Without {@code --bootstrap-server} they
 * take the Kafka of the stack on the data dir ({@code ./data}, or {@code MINER_DATA_DIR}) or the
 * configured one ({@code MINER_KAFKA_BOOTSTRAP_SERVERS}); for that Kafka they add its client
 * settings (the embedded broker's SASL login, or {@code MINER_KAFKA_CLIENT_*}) as
 * {@code --command-property}, never to another Kafka and never when a client configuration is given.
 */
public final class ConsoleTool {

    private static final Set<String> CLIENT_CONFIG_OPTIONS = Set.of("--command-config", "--producer.config", "--consumer.config");
    private static final String BOOTSTRAP = "--bootstrap-server";

    private ConsoleTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Set.of("producer", "consumer").contains(args[0])) {
            System.err.println("usage: ConsoleTool producer|consumer [Kafka's console tool options]");
            System.exit(2);
        }
        List<String> options = List.of(args).subList(1, args.length);
        StackOptions stack = new StackOptions();
        stack.dataDir = Path.of("./data");
        String[] withLogin = withCluster(options, stack.settings()).toArray(String[]::new);
        if (args[0].equals("producer")) {
            ConsoleProducer.main(withLogin);
        } else {
            ConsoleConsumer.main(withLogin);
        }
    }

    /** {@code options} with the bootstrap servers and client settings of the cluster {@code settings} lead to, as above. */
    static List<String> withCluster(List<String> options, Map<String, Object> settings) {
        if (options.stream().anyMatch(o -> o.equals("--help") || o.equals("--version") || isOption(o, CLIENT_CONFIG_OPTIONS))) {
            return options;
        }
        ClusterAddresses cluster;
        try {
            cluster = ClusterAddresses.resolve(settings);
        } catch (IllegalArgumentException e) {
            return options; // No pipeline known here: Kafka's tool says what is missing.
        }
        List<String> result = new ArrayList<>(options);
        String given = value(options, BOOTSTRAP);
        if (given == null) {
            result.add(BOOTSTRAP);
            result.add(cluster.bootstrapServers());
        } else if (!given.equals(cluster.bootstrapServers())) {
            return options; // Another Kafka: its login is not ours to give.
        }
        KafkaClients.of(cluster.bootstrapServers(), cluster.kafkaClientSettings()).clientSettings().forEach((key, value) -> {
            result.add("--command-property");
            result.add(key + "=" + value);
        });
        return result;
    }

    private static boolean isOption(String argument, Set<String> names) {
        return names.stream().anyMatch(name -> argument.equals(name) || argument.startsWith(name + "="));
    }

    private static String value(List<String> options, String name) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).equals(name) && i + 1 < options.size()) {
                return options.get(i + 1);
            }
            if (options.get(i).startsWith(name + "=")) {
                return options.get(i).substring(name.length() + 1);
            }
        }
        return null;
    }
}
