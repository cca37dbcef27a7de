package io.realtimeminer.bench.farm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Renders the JSON documents: the json kind's API object
 * ({@code {"data":{"items":[{id,title,url,published,author,summary}]}}}) and the Hacker News
 * Firebase API's {@code newstories.json} id list and {@code item/<id>.json} stories.
 */
final class ApiPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiPages() {
    }

    static String jsonApi(int n, List<FarmItem> items) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("source", FarmLayout.sourceId(n));
        ArrayNode array = data.putArray("items");
        for (FarmItem item : items) {
            array.addObject()
                    .put("id", item.guid())
                    .put("title", item.title())
                    .put("url", item.link())
                    .put("published", item.postedAt().toString())
                    .put("author", item.author())
                    .put("summary", item.summary());
        }
        root.putObject("meta").put("count", items.size());
        return root.toString();
    }

    /** Like Firebase's {@code /v0/newstories.json}: the newest story ids, newest first. */
    static String hnNewStories(List<FarmItem> items) {
        ArrayNode ids = JSON.createArrayNode();
        items.forEach(item -> ids.add(item.hnId()));
        return ids.toString();
    }

    /** Like Firebase's {@code /v0/item/<id>.json} for a story; {@code null} for an unknown id, as Firebase answers. */
    static String hnItem(FarmItem item) {
        if (item == null) {
            return "null";
        }
        ObjectNode story = JSON.createObjectNode()
                .put("by", item.author())
                .put("descendants", 0)
                .put("id", item.hnId())
                .put("score", 1 + item.seq() % 50)
                .put("time", item.postedAt().getEpochSecond())
                .put("title", item.title())
                .put("type", "story")
                .put("url", item.link());
        story.putArray("kids");
        return story.toString();
    }
}
