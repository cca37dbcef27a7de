package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.stack.StartListener;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded stack with the pipeline running on it, as the end-to-end tests need it: started
 * from one settings map, running (topology tasks assigned) when {@link #start} returns, closed
 * pipeline first.
 */
final class RunningPipeline implements AutoCloseable {

    private final EmbeddedStack stack;
    private final StackEndpoints endpoints;
    private final Pipeline pipeline;

    private RunningPipeline(EmbeddedStack stack, StackEndpoints endpoints, Pipeline pipeline) {
        this.stack = stack;
        this.endpoints = endpoints;
        this.pipeline = pipeline;
    }

    /** Settings for 4 template and 2 item partitions, with an in-process fetcher that may poll the local {@link DemoSite} every 0.5 s. */
    static Map<String, Object> forLocalSite(Path dataDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(MinerConfig.DATA_DIR, dataDir.toString());
        settings.put(MinerConfig.TEMPLATES_PARTITIONS, "4");
        settings.put(MinerConfig.ITEMS_PARTITIONS, "2");
        settings.put(FetcherConfig.MIN_INTERVAL_MS, "500");
        settings.put(FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, "true"); // the local site listens on 127.0.0.1
        settings.put(FetcherConfig.HTTP_HOST_MIN_DELAY_MS, "0"); // several sources of one local host poll every 0.5 s
        settings.put(FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, "0");
        return settings;
    }

    static RunningPipeline start(Map<String, Object> settings) throws InterruptedException {
        EmbeddedStack stack = new EmbeddedStack();
        try {
            StackEndpoints endpoints = stack.start(new StackConfig(settings), StartListener.silent());
            Pipeline pipeline = Pipeline.start(settings, endpoints, result -> { });
            RunningPipeline running = new RunningPipeline(stack, endpoints, pipeline);
            assertThat(pipeline.awaitRunning(Duration.ofSeconds(90))).as("the topologies run").isTrue();
            return running;
        } catch (RuntimeException | Error | InterruptedException e) {
            stack.close();
            throw e;
        }
    }

    EmbeddedStack stack() {
        return stack;
    }

    StackEndpoints endpoints() {
        return endpoints;
    }

    /** Where the pipeline's HTTP API answers. */
    String apiUrl() {
        return pipeline.control().url();
    }

    /** A connection to the stack's database. */
    Connection db() throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.jdbcUser(), endpoints.jdbcPassword());
    }

    /** Rows of {@code sourceId} in the items table. */
    long itemRows(String sourceId) throws SQLException {
        try (Connection db = db(); var st = db.prepareStatement("select count(*) from items where source_id = ?")) {
            st.setString(1, sourceId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        pipeline.close();
        stack.close();
    }
}
