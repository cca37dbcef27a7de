package io.realtimeminer.template;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated source description, as produced by {@link TemplateParser} from a JSON value on the
 * templates topic.
 *
 * @param id       the source id, equal to the record key
 * @param name     a human-readable name (defaults to the id)
 * @param url      the absolute http(s) URL to poll
 * @param kind     how items are extracted
 * @param interval time between two polls
 * @param active   false pauses polling without deleting the source
 * @param tags     labels copied onto every item of this source
 * @param headers  extra request headers
 */
public record SourceTemplate(
        String id,
        String name,
        URI url,
        SourceKind kind,
        Duration interval,
        boolean active,
        List<String> tags,
        Map<String, String> headers) {

    public SourceTemplate {
        tags = List.copyOf(tags);
        headers = Map.copyOf(headers);
    }

    public String host() {
        return url.getHost();
    }
}
