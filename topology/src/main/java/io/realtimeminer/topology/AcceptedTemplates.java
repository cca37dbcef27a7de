package io.realtimeminer.topology;

import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.TemplateParser;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global templates store of the enrichment topology in step with what the fetchers
 * poll: each template record is read with the fetchers' own parser and settings; an accepted one
 * replaces its source's metadata, a refused one changes nothing (the fetchers keep polling the
 * previous version, so its items keep its name and tags), a tombstone forgets the source. Streams
 * runs it on restore too (a global store added with a processor is rebuilt through it).
 */
final class AcceptedTemplates implements Processor<String, String, Void, Void> {

    private final String storeName;
    private final TemplateParser parser;
    private KeyValueStore<String, SourceMetadata> store;

    AcceptedTemplates(String storeName, TemplateParser parser) {
        this.storeName = storeName;
        this.parser = parser;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            store.put(record.key(), SourceMetadata.of(parser.parse(record.key(), record.value())));
        } catch (InvalidTemplateException | RuntimeException e) {
            // Refused (and dead-lettered) by the fetchers too: the previous version stays in force.
        }
    }
}
