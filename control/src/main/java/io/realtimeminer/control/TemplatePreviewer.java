package io.realtimeminer.control;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.template.SourceTemplate;

import java.util.List;

/**
 * One poll of a template that is not published ({@code POST /sources/{id}/preview}, the
 * dashboard's editor): what the fetchers would send for it now. The poll itself (the fetchers'
 * engine and extraction, as {@code miner preview} runs them) is the instance's to give.
 */
@FunctionalInterface
public interface TemplatePreviewer {

    /** An instance that cannot preview: every request gets a 501 that says so. */
    TemplatePreviewer NONE = template -> {
        throw new ApiException(501, "this instance does not preview templates");
    };

    /** A template the fetchers accept, polled once; its items go nowhere. */
    Preview preview(SourceTemplate template);

    /**
     * @param items    what a poll would send, in document order
     * @param warnings the extraction's warnings and the items left out, with why
     * @param error    why the source could not be read (then no items); null when it was
     */
    record Preview(List<RawItem> items, List<String> warnings, String error) {

        public Preview {
            items = List.copyOf(items);
            warnings = List.copyOf(warnings);
        }
    }
}
