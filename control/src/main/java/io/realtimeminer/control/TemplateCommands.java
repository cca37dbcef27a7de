package io.realtimeminer.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimeminer.control.kafka.AcknowledgedSend;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import io.realtimeminer.template.TemplateViolation;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Changes sources the one way the pipeline knows: by producing their template to
 * {@link Topics#TEMPLATES} (a tombstone deletes), so that the topic stays the truth and the console
 * producer keeps working beside the API. Every template is checked with the fetchers' own parser
 * first; a change answers once Kafka has stored it.
 */
public final class TemplateCommands implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The template members that say when a source is polled: one of them at a time. */
    private static final List<String> SCHEDULES = List.of("interval", "cron", "freshness");
    private static final List<String> FRESHNESS_BOUNDS = List.of("min_interval", "max_interval", "server_hints");

    private final Producer<String, String> producer;
    private final TemplateParser parser;
    private final ClusterView view;
    private final Duration timeout;

    public TemplateCommands(KafkaClients clients, String clientId, TemplateParser parser, ClusterView view) {
        this(new KafkaProducer<>(clients.producer(clientId), new StringSerializer(), new StringSerializer()), parser, view,
                Duration.ofSeconds(15));
    }

    TemplateCommands(Producer<String, String> producer, TemplateParser parser, ClusterView view, Duration timeout) {
        this.producer = producer;
        this.parser = parser;
        this.view = view;
        this.timeout = timeout;
    }

    /** Creates or replaces a source's template; refused with every violation when the fetchers would refuse it. */
    public SourceTemplate put(String sourceId, String json) {
        SourceTemplate template = validate(sourceId, json);
        send(Topics.TEMPLATES, sourceId, json);
        view.template(sourceId, json);
        return template;
    }

    /** Deletes a source: the tombstone of its template (its owner then writes that of its status). */
    public void delete(String sourceId) {
        requireTemplate(sourceId);
        send(Topics.TEMPLATES, sourceId, null);
        view.template(sourceId, null);
    }

    /** Pauses ({@code active} false) or resumes a source, by producing its template with {@code "active"} set. */
    public SourceTemplate activate(String sourceId, boolean active) {
        ObjectNode template = currentJson(sourceId);
        template.put("active", active);
        return put(sourceId, template.toString());
    }

    /**
     * Replaces a source's schedule: exactly one of {@code interval} (ISO-8601, e.g. PT30S),
     * {@code cron} or {@code freshness} (with its optional {@code min_interval}, {@code max_interval}
     * and {@code server_hints}); the members of the schedule it had before are removed.
     */
    public SourceTemplate schedule(String sourceId, String body) {
        ObjectNode template = currentJson(sourceId);
        JsonNode schedule = parseObject(body, "the schedule");
        long ways = SCHEDULES.stream().filter(schedule::has).count();
        boolean known = true;
        for (var names = schedule.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            known &= SCHEDULES.contains(name) || (schedule.has("freshness") && FRESHNESS_BOUNDS.contains(name));
        }
        if (ways != 1 || !known) {
            throw new ApiException(400, "give exactly one of {\"interval\": \"PT30S\"}, {\"cron\": \"*/5 * * * *\"} or"
                    + " {\"freshness\": \"PT1M\"} (with min_interval, max_interval and server_hints if wanted)");
        }
        template.remove(SCHEDULES);
        template.remove(FRESHNESS_BOUNDS);
        schedule.fields().forEachRemaining(member -> template.set(member.getKey(), member.getValue()));
        return put(sourceId, template.toString());
    }

    /** The template as the fetchers would read it; a 400 listing every violation when they would refuse it. */
    SourceTemplate validate(String sourceId, String json) {
        try {
            return parser.parse(sourceId, json);
        } catch (InvalidTemplateException e) {
            throw new ApiException(400, "the template of '" + sourceId + "' is invalid: " + e.violations().size() + " violation(s)",
                    e.violations().stream().map(TemplateCommands::detail).toList());
        }
    }

    private static Map<String, String> detail(TemplateViolation violation) {
        return Map.of("path", violation.path(), "reason", violation.reason());
    }

    private ClusterView.TemplateEntry requireTemplate(String sourceId) {
        return view.template(sourceId).orElseThrow(() -> ApiException.notFound(sourceId));
    }

    private ObjectNode currentJson(String sourceId) {
        return (ObjectNode) parseObject(requireTemplate(sourceId).json(), "the current template");
    }

    private static JsonNode parseObject(String json, String what) {
        try {
            JsonNode node = JSON.readTree(json == null ? "" : json);
            if (node == null || !node.isObject()) {
                throw new ApiException(400, what + " must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void send(String topic, String key, String value) {
        AcknowledgedSend.send(producer, new ProducerRecord<>(topic, key, value), timeout, "the change of '" + key + "'");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
