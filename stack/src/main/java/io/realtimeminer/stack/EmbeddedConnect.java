package io.realtimeminer.stack;

import io.realtimeminer.connect.ConnectWorkerConfig;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

import java.time.Duration;

/**
 * A Kafka Connect worker in distributed mode running in this JVM: its connectors, their offsets and
 * status live in Kafka topics, so a new start on the same Kafka resumes them.
 */
public final class EmbeddedConnect implements AutoCloseable {

    private final ConnectWorkerConfig worker;
    private Connect<DistributedHerder> connect;

    public EmbeddedConnect(ConnectWorkerConfig worker) {
        this.worker = worker;
    }

    public String url() {
        return worker.restUrl();
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
            connect = new ConnectDistributed().startConnect(worker.workerProperties());
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
