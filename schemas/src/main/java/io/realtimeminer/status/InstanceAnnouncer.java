package io.realtimeminer.status;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.LatestPerKeyWriter;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An instance's heartbeat on {@link Topics#INSTANCES}: written at once, then every
 * {@link StatusSettings#heartbeat()}; {@link #close()} writes the tombstone of a clean stop.
 */
public final class InstanceAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceAnnouncer.class);

    /** Who the instance is: fixed for its life. */
    public record Identity(String instanceId, String role, String pool, String apiUrl) {
    }

    private final Identity identity;
    private final Supplier<InstanceFacts> facts;
    private final LatestPerKeyWriter<InstanceStatus> writer;
    private final Clock clock;
    private final Duration heartbeat;
    private final Instant startedAt;
    private final String host = hostName();
    private final ScheduledExecutorService timer;
    private long previousPolls;
    private Instant previousAt;

    public InstanceAnnouncer(KafkaClients clients, String registryUrl, Identity identity, Duration heartbeat,
                             Supplier<InstanceFacts> facts) {
        this(new KafkaProducer<>(clients.producer(identity.instanceId() + "-instance"), new StringSerializer(),
                RegistrySerdes.<InstanceStatus>specific(registryUrl, false).serializer()), identity, heartbeat, facts, Clock.systemUTC());
    }

    InstanceAnnouncer(Producer<String, InstanceStatus> producer, Identity identity, Duration heartbeat, Supplier<InstanceFacts> facts,
                      Clock clock) {
        this.identity = identity;
        this.facts = facts;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.startedAt = clock.instant();
        this.previousAt = startedAt;
        this.writer = new LatestPerKeyWriter<>(producer, Topics.INSTANCES, id -> "the heartbeat of instance " + id,
                identity.instanceId() + "-heartbeat");
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, identity.instanceId() + "-heartbeat-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Writes the first heartbeat now and the next ones every heartbeat interval. */
    public InstanceAnnouncer start() {
        timer.scheduleAtFixedRate(this::beat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Writes one heartbeat. */
    void beat() {
        try {
            writer.write(identity.instanceId(), null, status());
        } catch (RuntimeException e) {
            // One failed heartbeat must not end the next ones.
            LOG.warn("the heartbeat of {} could not be written: {}", identity.instanceId(), e.toString());
        }
    }

    synchronized InstanceStatus status() {
        InstanceFacts now = facts.get();
        Instant at = clock.instant();
        long millis = Duration.between(previousAt, at).toMillis();
        double pollsPerSecond = millis <= 0 ? 0 : (now.pollsFinished() - previousPolls) * 1000.0 / millis;
        previousPolls = now.pollsFinished();
        previousAt = at;
        return InstanceStatus.newBuilder()
                .setInstanceId(identity.instanceId())
                .setRole(identity.role())
                .setHost(host)
                .setPid(ProcessHandle.current().pid())
                .setPool(identity.pool())
                .setVersion(Release.version())
                .setStartedAt(startedAt)
                .setHeartbeatAt(at)
                .setHeartbeatIntervalMs(heartbeat.toMillis())
                .setSourcesOwned(now.sourcesOwned())
                .setPollsPerSecond(pollsPerSecond)
                .setScheduleLagP99Ms(now.scheduleLagP99Ms())
                .setApiUrl(identity.apiUrl())
                .setSiteWants(now.siteWants())
                .build();
    }

    /** This machine's host name, as heartbeats tell it; "unknown" when it cannot be resolved. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** Stops the heartbeats and writes the tombstone of a clean stop. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.write(identity.instanceId(), null, null);
        writer.close();
    }
}
