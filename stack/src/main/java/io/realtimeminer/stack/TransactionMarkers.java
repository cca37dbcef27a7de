package io.realtimeminer.stack;

import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.ClientRequest;
import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.DefaultHostResolver;
import org.apache.kafka.clients.ManualMetadataUpdater;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.NetworkClientUtils;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the end markers of a transaction to the embedded broker the way its transaction
 * coordinator does (the WriteTxnMarkers request), for the transactions it left open after a crash
 * ({@link HangingTransactions}). Kafka's Admin client can only abort a transaction; one the
 * coordinator committed must be committed on the partitions it missed, or the partitions that got
 * their marker would keep half of it. The embedded broker has no authorizer, so this client may
 * send the request brokers send each other.
 */
final class TransactionMarkers implements AutoCloseable {

    private static final int REQUEST_TIMEOUT_MS = 30_000;

    private final Time time = Time.SYSTEM;
    private final Metrics metrics = new Metrics();
    private final Node broker;
    private final NetworkClient client;

    /**
     * @param adminSettings the settings of an Admin client of the broker (address, TLS, SASL)
     * @param broker        the broker, which leads every partition
     */
    TransactionMarkers(Map<String, Object> adminSettings, Node broker) {
        this.broker = broker;
        AdminClientConfig config = new AdminClientConfig(adminSettings);
        this.client = ClientUtils.createNetworkClient(config, "miner-transaction-markers", metrics, "miner-transaction-markers",
                new LogContext("[transaction markers] "), new ApiVersions(), time, 1, REQUEST_TIMEOUT_MS, null,
                new ManualMetadataUpdater(List.of(broker)), new DefaultHostResolver(), null, null);
    }

    /**
     * Ends the transaction of {@code producerId} on {@code partitions}.
     *
     * @param producerEpoch      the epoch the coordinator ends it with (the next one under transaction version 2)
     * @param coordinatorEpoch   at least the one the partitions recorded for the producer
     * @param transactionVersion 2 when the coordinator bumps the epoch at the end of each transaction
     * @return the partitions that refused the marker, with the reason; empty when all took it
     */
    Map<TopicPartition, Errors> end(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
                                    short transactionVersion, List<TopicPartition> partitions) throws IOException {
        if (!NetworkClientUtils.awaitReady(client, broker, time, REQUEST_TIMEOUT_MS)) {
            throw new IOException("Kafka at " + broker + " did not accept a connection within " + REQUEST_TIMEOUT_MS + " ms");
        }
        WriteTxnMarkersRequest.TxnMarkerEntry marker = new WriteTxnMarkersRequest.TxnMarkerEntry(producerId, producerEpoch,
                coordinatorEpoch, commit ? TransactionResult.COMMIT : TransactionResult.ABORT, partitions, transactionVersion);
        ClientRequest request = client.newClientRequest(broker.idString(), new WriteTxnMarkersRequest.Builder(List.of(marker)),
                time.milliseconds(), true);
        ClientResponse response = NetworkClientUtils.sendAndReceive(client, request, time);
        Map<TopicPartition, Errors> errors = ((WriteTxnMarkersResponse) response.responseBody()).errorsByProducerId()
                .getOrDefault(producerId, Map.of());
        return errors.entrySet().stream().filter(e -> e.getValue() != Errors.NONE)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public void close() {
        client.close();
        metrics.close();
    }
}
