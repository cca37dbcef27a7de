package io.realtimeminer.template;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.time.Duration;
import java.util.Map;

/**
 * The settings that decide which templates are accepted, declared once for every component that
 * parses templates (the fetchers, which poll them, and the enrichment topology, which stamps their
 * name and tags on items), so that both accept exactly the same versions.
 */
public final class TemplateSettings {

    public static final String MIN_INTERVAL_MS = "template.min.interval.ms";

    private TemplateSettings() {
    }

    /** Adds these settings to a component's definition. */
    public static ConfigDef define(ConfigDef definition) {
        return definition.define(MIN_INTERVAL_MS, Type.LONG, TemplateParser.DEFAULT_MIN_INTERVAL.toMillis(), Range.atLeast(1),
                Importance.MEDIUM, "Shortest poll interval a template may ask for (a cron expression too); a template"
                        + " asking for less is refused. Give the fetchers and the topologies the same value.");
    }

    /** The parser of the component whose parsed settings these are. */
    public static TemplateParser parser(Map<String, ?> parsedValues) {
        return new TemplateParser(Duration.ofMillis((Long) parsedValues.get(MIN_INTERVAL_MS)));
    }
}
