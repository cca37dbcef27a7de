package io.realtimeminer.control.deadletters;

import io.realtimeminer.kafka.Topics;
import io.realtimeminer.text.Printable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One parked record, read from the headers each parking stage writes: the templates' own
 * ({@value Topics#ERROR_HEADER}, {@value Topics#ORIGIN_HEADER}), Kafka Streams'
 * ({@code __streams.errors.*}) and Kafka Connect's ({@code __connect.errors.*}).
 *
 * @param id         {@code partition-offset} in its dead-letter topic: what a replay names
 * @param parkedAt   when it was parked
 * @param key        the record's key as text (null when it has none)
 * @param reason     why it was parked
 * @param exception  the failure's class, when the stage wrote it
 * @param origin     where it came from, as far as known
 * @param valueBytes size of its value (-1 for none)
 * @param valueText  its value when it is text (a template), cut to {@link #TEXT_SHOWN} characters; null for binary (Avro)
 */
public record DeadLetter(String id, int partition, long offset, Instant parkedAt, String key, String reason, String exception,
                         Origin origin, int valueBytes, String valueText) {

    static final int TEXT_SHOWN = 4_000;
    private static final String STREAMS = "__streams.errors.";
    private static final String CONNECT = "__connect.errors.";

    /** Where a letter came from; partition and offset null when unknown. */
    public record Origin(String topic, Integer partition, Long offset) {
    }

    /** Whether a header is one a stage adds when it parks a record (not copied by a replay). */
    static boolean parkingHeader(String name) {
        return name.startsWith(STREAMS) || name.startsWith(CONNECT) || name.equals(Topics.ERROR_HEADER) || name.equals(Topics.ORIGIN_HEADER);
    }

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record, DeadLetterStage stage) {
        Headers headers = record.headers();
        String reason = first(headers, Topics.ERROR_HEADER, STREAMS + "message", CONNECT + "exception.message");
        String exception = first(headers, STREAMS + "exception", CONNECT + "exception.class.name");
        return new DeadLetter(record.partition() + "-" + record.offset(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), key(record.key()),
                reason == null ? "(the stage gave no reason)" : reason, exception, origin(headers, stage),
                record.value() == null ? -1 : record.value().length, record.value() == null ? null : text(record.value(), TEXT_SHOWN));
    }

    private static String key(byte[] key) {
        if (key == null) {
            return null;
        }
        String text = text(key, TEXT_SHOWN);
        return text == null ? "(" + key.length + " bytes, not text)" : Printable.of(text);
    }

    private static Origin origin(Headers headers, DeadLetterStage stage) {
        String templates = string(headers.lastHeader(Topics.ORIGIN_HEADER));
        if (templates != null) {
            // topic-partition@offset
            int at = templates.lastIndexOf('@');
            int dash = templates.lastIndexOf('-', at < 0 ? templates.length() : at);
            if (at > 0 && dash > 0) {
                return new Origin(templates.substring(0, dash), integer(templates.substring(dash + 1, at)),
                        number(templates.substring(at + 1)));
            }
        }
        for (String prefix : new String[] {STREAMS, CONNECT}) {
            String topic = string(headers.lastHeader(prefix + "topic"));
            if (topic != null) {
                return new Origin(topic, integer(string(headers.lastHeader(prefix + "partition"))),
                        number(string(headers.lastHeader(prefix + "offset"))));
            }
        }
        return stage.origin() == null ? null : new Origin(stage.origin(), null, null);
    }

    private static String first(Headers headers, String... names) {
        for (String name : names) {
            String value = string(headers.lastHeader(name));
            if (value != null && !value.isBlank()) {
                return Printable.of(value);
            }
        }
        return null;
    }

    private static String string(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String text) {
        Long value = number(text);
        return value == null ? null : value.intValue();
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The bytes as text when they are valid UTF-8 without control characters (but line breaks and tabs); else null. */
    private static String text(byte[] bytes, int limit) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            return null;
        }
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }
}
