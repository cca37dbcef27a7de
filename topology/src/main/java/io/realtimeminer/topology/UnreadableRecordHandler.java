package io.realtimeminer.topology;

import io.realtimeminer.kafka.RegistryErrors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * What a topology does with a record it cannot deserialize. One unreadable in itself (not Avro,
 * unknown schema) is logged and parked on the application's dead-letter topic with the reason,
 * and the partition goes on. One that could not be read because the schema registry did not
 * answer (down, restarting) is not poison: after a pause the stream thread fails, is replaced
 * and reads it again from the last commit, until the registry is back. Parking it would lose the
 * item for good, e.g. for an instance that starts while the registry is down and knows no schema yet.
 */
public class UnreadableRecordHandler extends LogAndContinueExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UnreadableRecordHandler.class);
    /** Between two attempts at a record while the registry is away: bounds how fast threads are replaced. */
    private static final Duration PAUSE = Duration.ofSeconds(5);

    private final Duration pause;

    public UnreadableRecordHandler() {
        this(PAUSE);
    }

    UnreadableRecordHandler(Duration pause) {
        this.pause = pause;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (RegistryErrors.registryUnavailable(exception)) {
            LOG.warn("{}-{} offset {}: the schema registry cannot serve us ({}); reading it again in {} s", record.topic(),
                    record.partition(), record.offset(), RegistryErrors.describe(exception), pause.toSeconds());
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.fail();
        }
        return super.handleError(context, record, exception);
    }
}
