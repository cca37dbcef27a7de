package io.realtimeminer.topology;

import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Poison is parked on the dead-letter topic; a record the registry could not be asked about is read again. */
class UnreadableRecordHandlerTest {

    private final UnreadableRecordHandler handler = new UnreadableRecordHandler(Duration.ofMillis(1));
    private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("miner.items.raw", 0, 7L,
            "k".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));

    {
        handler.configure(Map.of("errors.dead.letter.queue.topic.name", "miner.dedupe.dlq"));
    }

    @Test
    void aRecordThatIsNotAvroGoesToTheDeadLetterTopic() {
        Response response = handler.handleError(context(), record, new IllegalStateException("artifact reference cannot be null"));
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo("miner.dedupe.dlq");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        });
    }

    @Test
    void aRecordReadWhileTheRegistryIsDownIsReadAgainNotParked() {
        Error refused = new Error();
        refused.setName("ConnectException");
        Response response = handler.handleError(context(), record, new RestClientException(refused));
        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return record.topic(); }
            public int partition() { return record.partition(); }
            public long offset() { return record.offset(); }
            public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "source"; }
            public TaskId taskId() { return new TaskId(0, 0); }
            public long timestamp() { return 0L; }
            public byte[] sourceRawKey() { return record.key(); }
            public byte[] sourceRawValue() { return record.value(); }
        };
    }
}
