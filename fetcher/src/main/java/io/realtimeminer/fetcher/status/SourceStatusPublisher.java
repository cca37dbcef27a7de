package io.realtimeminer.fetcher.status;

import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.fetcher.adaptive.PollPlan;
import io.realtimeminer.fetcher.schedule.PollResult;
import io.realtimeminer.fetcher.schedule.SourceReport;
import io.realtimeminer.fetcher.schedule.SourceStatusListener;
import io.realtimeminer.fetcher.state.FetchStateCodec;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.LatestPerKeyWriter;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes every source's status after each of its polls on {@link Topics#SOURCE_STATUS}
 * (compacted, key = source id) and a tombstone when a source is deleted. A poll only hands the
 * record over: it is written by a thread of its own, and a source polled again before its previous
 * status was sent is sent once, with the latest (see {@link LatestPerKeyWriter}), so writing
 * status never slows polling.
 */
public final class SourceStatusPublisher implements SourceStatusListener, AutoCloseable {

    /** The last failure of a source seen by this owner. */
    private record LastError(String error, Instant at) {
    }

    private final LatestPerKeyWriter<SourceStatus> writer;
    private final String instanceId;
    private final String pool;
    private final Map<String, LastError> lastErrors = new ConcurrentHashMap<>();

    public SourceStatusPublisher(KafkaClients clients, String registryUrl, String instanceId, String pool) {
        this(new LatestPerKeyWriter<>(producer(clients, registryUrl, instanceId), Topics.SOURCE_STATUS,
                sourceId -> "the status of " + sourceId, instanceId + "-status"), instanceId, pool);
    }

    SourceStatusPublisher(LatestPerKeyWriter<SourceStatus> writer, String instanceId, String pool) {
        this.writer = writer;
        this.instanceId = instanceId;
        this.pool = pool;
    }

    private static KafkaProducer<String, SourceStatus> producer(KafkaClients clients, String registryUrl, String instanceId) {
        Map<String, Object> settings = clients.producer(instanceId + "-status");
        // Statuses of many sources go out together: batch them.
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 100);
        settings.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(settings, new StringSerializer(), RegistrySerdes.<SourceStatus>specific(registryUrl, false).serializer());
    }

    @Override
    public void polled(SourceReport report) {
        PollResult poll = report.poll();
        LastError last = poll.outcome() == PollResult.Outcome.FAILED
                ? lastErrors.compute(report.sourceId(), (id, previous) -> new LastError(poll.error(), report.ended()))
                : lastErrors.get(report.sourceId());
        writer.write(report.sourceId(), null, toAvro(report, last));
    }

    @Override
    public void deleted(String sourceId) {
        lastErrors.remove(sourceId);
        writer.write(sourceId, null, null);
    }

    private SourceStatus toAvro(SourceReport report, LastError last) {
        PollResult poll = report.poll();
        PollPlan plan = report.plan();
        return SourceStatus.newBuilder()
                .setSourceId(report.sourceId())
                .setInstanceId(instanceId)
                .setPool(pool)
                .setKind(report.template().kind().wireName())
                .setUrl(report.template().url().toString())
                .setPollStarted(report.started())
                .setPollEnded(report.ended())
                .setOutcome(PollOutcomes.of(poll))
                .setHttpStatus(poll.status())
                .setLatencyMs(poll.duration().toMillis())
                .setBytes(poll.bytes())
                .setItemsFound(poll.itemsFound())
                .setItemsNew(poll.itemsNew())
                .setItemsChanged(poll.itemsChanged())
                .setConsecutiveFailures(report.consecutiveFailures())
                .setError(poll.error())
                .setLastError(last == null ? null : last.error())
                .setLastErrorAt(last == null ? null : last.at())
                .setNextDue(report.nextDue())
                .setScheduleLagMs(poll.scheduleLag().toMillis())
                .setLastNewItemAt(report.rhythm().lastNewItemAt())
                .setUsualNewItemGapMs(report.rhythm().usualGap() == null ? null : report.rhythm().usualGap().toMillis())
                .setFreshnessTargetMs(report.template().adaptive() ? report.template().freshness().target().toMillis() : null)
                .setPlannedIntervalMs(plan == null ? null : plan.interval().toMillis())
                .setPlanReason(plan == null ? null : plan.reason().wireName())
                .setExpectedFreshnessMs(plan == null ? null : plan.expectedFreshness().toMillis())
                .setPostingRatePerHour(plan == null || Double.isNaN(plan.ratePerHour()) ? null : plan.ratePerHour())
                .setTargetMet(plan == null ? null : plan.targetMet())
                .setPushHub(report.push() == null ? null : report.push().hub().hub().toString())
                .setPushState(report.push() == null ? null : report.push().state().wireName())
                .setPushItemsPushed(report.push() == null ? null : report.push().itemsPushed())
                .setPushItemsPolled(report.push() == null ? null : report.push().itemsPolled())
                .setLatestItems(FetchStateCodec.toAvro(report.latest()))
                .build();
    }

    /** Statuses asked to be written since the start, and those handed to Kafka (fewer when polls came faster than writes). */
    public long statusesAsked() {
        return writer.asked();
    }

    public long statusesSent() {
        return writer.sent();
    }

    /** Waits until every status asked for so far is stored; false past {@code timeout}. */
    public boolean flush(Duration timeout) throws InterruptedException {
        return writer.flush(timeout);
    }

    @Override
    public void close() {
        writer.close();
    }
}
