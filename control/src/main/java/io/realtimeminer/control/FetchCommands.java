package io.realtimeminer.control;

import io.realtimeminer.avro.SourceCommand;
import io.realtimeminer.control.kafka.AcknowledgedSend;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Fetch now: a request produced to {@link Topics#COMMANDS} under the source's id, so it lands in
 * the partition its owner reads, whichever instance took it. Answered once Kafka stored it.
 */
public final class FetchCommands implements AutoCloseable {

    private final Producer<String, SourceCommand> producer;
    private final ClusterView view;
    private final Clock clock;
    private final Duration timeout;
    private final String instanceId;

    public FetchCommands(KafkaClients clients, String registryUrl, String instanceId, ClusterView view) {
        this(new KafkaProducer<>(clients.producer(instanceId + "-commands"), new StringSerializer(),
                RegistrySerdes.<SourceCommand>specific(registryUrl, false).serializer()), view, Clock.systemUTC(), Duration.ofSeconds(15),
                instanceId);
    }

    FetchCommands(Producer<String, SourceCommand> producer, ClusterView view, Clock clock, Duration timeout) {
        this(producer, view, clock, timeout, "test");
    }

    FetchCommands(Producer<String, SourceCommand> producer, ClusterView view, Clock clock, Duration timeout, String instanceId) {
        this.instanceId = instanceId;
        this.producer = producer;
        this.view = view;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Asks the owner of a source to poll it now.
     *
     * @param requestedBy who asked: the instance taking the request, and the login when there is one
     * @throws ApiException 404 for an unknown source, 409 for one no instance polls (its template was never valid)
     */
    public FetchRequests.FetchRequest fetch(String sourceId, String requestedBy) {
        ClusterView.TemplateEntry entry = view.template(sourceId).orElseThrow(() -> ApiException.notFound(sourceId));
        if (entry.template() == null) {
            throw new ApiException(409, "no instance polls '" + sourceId + "': its template was never valid (GET /sources/" + sourceId
                    + " lists the violations; PUT a fixed one)");
        }
        FetchRequests.FetchRequest request = new FetchRequests.FetchRequest(UUID.randomUUID().toString(), sourceId, clock.instant(),
                requestedBy);
        SourceCommand command = request.toAvro();
        AcknowledgedSend.send(producer, new ProducerRecord<>(Topics.COMMANDS, sourceId, command), timeout,
                "the fetch request for '" + sourceId + "'");
        view.command(command);
        return request;
    }

    /**
     * Tells the owner of a source what its WebSub hub did ({@code push}, {@code push-verified},
     * {@code push-denied}): not a request anyone follows, so not kept for {@code GET /requests}.
     */
    public void tell(String sourceId, String action, long generation, long leaseSeconds) {
        SourceCommand command = SourceCommand.newBuilder().setRequestId(UUID.randomUUID().toString()).setSourceId(sourceId)
                .setAction(action).setRequestedAt(clock.instant()).setRequestedBy(instanceId + "/websub").setGeneration(generation)
                .setLeaseSeconds(leaseSeconds).build();
        AcknowledgedSend.send(producer, new ProducerRecord<>(Topics.COMMANDS, sourceId, command), timeout,
                "the " + action + " command for '" + sourceId + "'");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
