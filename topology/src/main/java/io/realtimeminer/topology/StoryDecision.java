package io.realtimeminer.topology;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.avro.Sighting;

/**
 * What the story stage decided for one item, passed within the stage to its two sinks (never
 * serialized).
 *
 * @param storyItem the item, with its story id, when it is its story's first item (or an update of
 *                  it); null when it is another source's sighting of a known story
 * @param sighting  the sighting to record, always
 */
record StoryDecision(RawItem storyItem, Sighting sighting) {
}
