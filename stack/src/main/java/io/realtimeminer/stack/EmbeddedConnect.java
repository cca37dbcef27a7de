package io.realtimeminer.stack;

import io.realtimeminer.connect.ConnectWorkerConfig;
import io.realtimeminer.net.UrlLogin;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kafka Connect worker in distributed mode running in this JVM: its connectors, their offsets and
 * status live in Kafka topics, so a new start on the same Kafka resumes them. Its REST API asks
 * every request for a login ({@link ConnectRestLogin}).
 */
public final class EmbeddedConnect implements AutoCloseable {

    private final ConnectWorkerConfig worker;
    private final UrlLogin login;
    private final Path loginFile;
    private Connect<DistributedHerder> connect;

    /**
     * @param login     the login every REST request must carry (basic auth)
     * @param loginFile where the worker reads it from (written at every start, readable by its owner only)
     */
    public EmbeddedConnect(ConnectWorkerConfig worker, UrlLogin login, Path loginFile) {
        this.worker = worker;
        this.login = login;
        this.loginFile = loginFile;
    }

    /** The REST API's URL, with the login in it (strip it with {@link UrlLogin#strip} before printing). */
    public String url() {
        return login.into(worker.restUrl());
    }

    /** Starts the worker and waits until its REST API serves requests for the cluster. */
    public synchronized void start(Duration timeout) {
        Thread thread = Thread.currentThread();
        ClassLoader classLoader = thread.getContextClassLoader();
        // On a failed start ConnectDistributed calls Exit.exit(3): make that an exception here instead
        // of the end of the whole process.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka Connect failed to start (exit " + status + "): " + message);
        });
        try {
            Map<String, String> properties = new HashMap<>(worker.workerProperties());
            properties.putAll(ConnectRestLogin.workerSettings(loginFile, login));
            connect = new ConnectDistributed().startConnect(properties);
        } finally {
            Exit.resetExitProcedure();
            // startConnect leaves Connect's plugin class loader as this thread's context loader.
            thread.setContextClassLoader(classLoader);
        }
        new ConnectRestClient(url()).awaitReady(timeout);
    }

    @Override
    public synchronized void close() {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
            connect = null;
        }
    }
}
