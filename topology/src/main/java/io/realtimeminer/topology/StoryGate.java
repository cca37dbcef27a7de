package io.realtimeminer.topology;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.avro.Sighting;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;

/**
 * The second stage of dedupe, per story key ({@link StoryKey}): the first item of a story key
 * within the retention founds the story (its item id becomes the story id) and goes on; a later
 * item with the same key, from any source, is only a sighting of that story. Every item that
 * reaches this stage is recorded as a sighting; an update of the story's own item goes on again.
 */
final class StoryGate implements Processor<String, RawItem, String, StoryDecision> {

    private final String storeName;
    private final long retentionMs;
    private ProcessorContext<String, StoryDecision> context;
    private WindowStore<String, String> stories;

    StoryGate(String storeName, Duration retention) {
        this.storeName = storeName;
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, StoryDecision> context) {
        this.context = context;
        this.stories = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, RawItem> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        RawItem item = record.value();
        long at = record.timestamp();
        KeyValue<Long, String> story = RetainedLookup.first(stories, record.key(), at, retentionMs);
        String storyId = story == null ? null : story.value;
        if (storyId == null) {
            storyId = item.getItemId();
            stories.put(record.key(), storyId, at);
        }
        RawItem storyItem = storyId.equals(item.getItemId()) ? RawItem.newBuilder(item).setStoryId(storyId).build() : null;
        context.forward(record.withKey(item.getItemId()).withValue(new StoryDecision(storyItem, sighting(item, storyId))));
    }

    private static Sighting sighting(RawItem item, String storyId) {
        Sighting sighting = Sighting.newBuilder()
                .setItemId(item.getItemId())
                .setStoryId(storyId)
                .setSourceId(item.getSourceId())
                .setSourceItemId(item.getSourceItemId())
                .setTitle(item.getTitle())
                .setUrl(item.getUrl())
                .setCanonicalUrl(item.getCanonicalUrl())
                .setSeenAt(item.getDiscoveredAt())
                .build();
        // Its row must be one the database accepts: no NUL in a text (the item's own row tells what was removed).
        return StoreLimits.withoutNul(sighting, new ArrayList<>(), Set.of());
    }
}
