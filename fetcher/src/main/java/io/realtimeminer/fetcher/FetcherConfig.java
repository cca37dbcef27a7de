package io.realtimeminer.fetcher;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.time.Duration;
import java.util.Map;

/** Every setting of a fetcher instance, with its type, default and documentation. */
public class FetcherConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String REGISTRY_URL = "registry.url";
    public static final String GROUP_ID = "fetcher.group.id";
    public static final String MIN_INTERVAL_MS = "template.min.interval.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_RESPONSE_TIMEOUT_MS = "http.response.timeout.ms";
    public static final String HTTP_MAX_CONNECTIONS = "http.max.connections";
    public static final String HTTP_MAX_CONNECTIONS_PER_HOST = "http.max.connections.per.host";
    public static final String HTTP_MAX_BODY_BYTES = "http.max.body.bytes";
    public static final String HTTP_MAX_REDIRECTS = "http.max.redirects";
    public static final String HTTP_USER_AGENT = "http.user.agent";
    public static final String HTTP_IO_THREADS = "http.io.threads";
    public static final String PARSE_THREADS = "parse.threads";
    public static final String SEEN_IDS_PER_SOURCE = "seen.ids.per.source";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH,
                    "Kafka bootstrap servers.")
            .define(REGISTRY_URL, Type.STRING, "http://127.0.0.1:8081", Importance.HIGH,
                    "Schema registry base URL (Apicurio; the /apis/registry/v2 path is added).")
            .define(GROUP_ID, Type.STRING, "miner-fetchers", Importance.MEDIUM,
                    "Consumer group on the templates topic; every instance of the group owns a share of the sources.")
            .define(MIN_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Shortest poll interval a template may ask for.")
            .define(HTTP_CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Time allowed to open a connection.")
            .define(HTTP_RESPONSE_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Time allowed between two packets of a response before the poll fails.")
            .define(HTTP_MAX_CONNECTIONS, Type.INT, 2_000, Range.atLeast(1), Importance.MEDIUM,
                    "Connections open at once over all hosts.")
            .define(HTTP_MAX_CONNECTIONS_PER_HOST, Type.INT, 4, Range.atLeast(1), Importance.MEDIUM,
                    "Connections open at once to one host; further polls of that host wait for one.")
            .define(HTTP_MAX_BODY_BYTES, Type.INT, 10 * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
                    "Largest response body accepted; a larger one fails the poll.")
            .define(HTTP_MAX_REDIRECTS, Type.INT, 5, Range.between(0, 20), Importance.LOW,
                    "Redirects followed before the poll fails.")
            .define(HTTP_USER_AGENT, Type.STRING, "realtime-miner/0.1 (+https://github.com/realtime-miner)", Importance.MEDIUM,
                    "User-Agent sent with every request.")
            .define(HTTP_IO_THREADS, Type.INT, Math.max(1, Runtime.getRuntime().availableProcessors()), Range.atLeast(1), Importance.LOW,
                    "I/O reactor threads of the HTTP client (defaults to the number of cores).")
            .define(PARSE_THREADS, Type.INT, Math.max(1, Runtime.getRuntime().availableProcessors()), Range.atLeast(1), Importance.LOW,
                    "Threads that parse fetched documents (defaults to the number of cores).")
            .define(SEEN_IDS_PER_SOURCE, Type.INT, 5_000, Range.atLeast(10), Importance.LOW,
                    "Item ids remembered per source so that unchanged items are not sent again at every poll; "
                            + "the dedupe topology remains the authority.");

    public FetcherConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public String registryUrl() {
        return getString(REGISTRY_URL);
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    public Duration minInterval() {
        return Duration.ofMillis(getLong(MIN_INTERVAL_MS));
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(HTTP_CONNECT_TIMEOUT_MS));
    }

    public Duration responseTimeout() {
        return Duration.ofMillis(getLong(HTTP_RESPONSE_TIMEOUT_MS));
    }

    public int maxConnections() {
        return getInt(HTTP_MAX_CONNECTIONS);
    }

    public int maxConnectionsPerHost() {
        return getInt(HTTP_MAX_CONNECTIONS_PER_HOST);
    }

    public int maxBodyBytes() {
        return getInt(HTTP_MAX_BODY_BYTES);
    }

    public int maxRedirects() {
        return getInt(HTTP_MAX_REDIRECTS);
    }

    public String userAgent() {
        return getString(HTTP_USER_AGENT);
    }

    public int ioThreads() {
        return getInt(HTTP_IO_THREADS);
    }

    public int parseThreads() {
        return getInt(PARSE_THREADS);
    }

    public int seenIdsPerSource() {
        return getInt(SEEN_IDS_PER_SOURCE);
    }
}
