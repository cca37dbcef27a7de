package io.realtimeminer.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the one record of a new item that the sink writes as its row: the item, its source's
 * metadata, and what its page said (or why it said nothing). The publication time is the
 * source's own when it gives one, else the page's (JSON-LD, then meta tags); the freshness is the
 * time from publication to discovery.
 */
final class EnrichedItems {

    /** {@code published_from} of a date the source (feed, list page, API) gave. */
    static final String FROM_SOURCE = "source";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnrichedItems() {
    }

    static EnrichedItem of(ItemWithDetails joined, SourceMetadata source, Instant now) {
        RawItem item = joined.item();
        ItemDetails page = joined.details();
        boolean pageRead = page != null && page.getError() == null;
        List<String> warnings = new ArrayList<>();
        Instant published = StoreLimits.plausible(item.getPublishedAt(), "published_at", now, warnings);
        String publishedFrom = published != null ? FROM_SOURCE : null;
        if (published == null && pageRead && page.getPublishedAt() != null) {
            published = StoreLimits.plausible(page.getPublishedAt(), "published_at (page)", now, warnings);
            publishedFrom = published != null ? page.getPublishedFrom() : null;
        }
        EnrichedItem.Builder enriched = EnrichedItem.newBuilder()
                .setItemId(item.getItemId())
                .setSourceId(item.getSourceId())
                .setSourceName(source.name())
                .setSourcePool(source.pool())
                .setSourceItemId(item.getSourceItemId())
                .setUrl(item.getUrl())
                .setTitle(item.getTitle())
                .setSummary(item.getSummary())
                .setAuthor(item.getAuthor())
                .setPublishedAt(published)
                .setPublishedFrom(publishedFrom)
                .setDiscoveredAt(item.getDiscoveredAt())
                .setFreshnessMs(published == null ? null : item.getDiscoveredAt().toEpochMilli() - published.toEpochMilli())
                .setEnrichedAt(now)
                .setTags(source.tags())
                .setCanonicalUrl(item.getCanonicalUrl())
                .setStoryId(item.getStoryId())
                .setDetailFields(json(item.getDetailFields(), warnings))
                .setDetailError(page != null ? page.getError() : joined.deadlineError());
        if (page != null) {
            enriched.setDetailStatus(page.getHttpStatus()).setDetailFetchedAt(page.getFetchedAt());
        }
        if (pageRead) {
            enriched.setPageTitle(page.getTitle())
                    .setDescription(page.getDescription())
                    .setPageCanonicalUrl(page.getCanonicalUrl())
                    .setSiteName(page.getSiteName())
                    .setPageType(page.getPageType())
                    .setLanguage(page.getLanguage())
                    .setImageUrl(page.getImageUrl())
                    .setPageAuthor(page.getAuthor())
                    .setPublisher(page.getPublisher())
                    .setDateModified(StoreLimits.plausible(page.getModifiedAt(), "date_modified", now, warnings))
                    .setExcerpt(page.getExcerpt())
                    .setWordCount(page.getWordCount());
        }
        EnrichedItem record = StoreLimits.withoutNul(enriched.build(), warnings, Set.of("warnings"));
        record.setWarnings(warnings);
        return record;
    }

    /**
     * The detail fields as a JSON object (keys sorted), null when there are none; without NUL
     * characters, which jsonb refuses even escaped.
     */
    static String json(Map<String, String> fields, List<String> warnings) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        Map<String, String> sorted = new TreeMap<>();
        fields.forEach((key, value) -> sorted.put(key.replace("\0", ""), value == null ? null : value.replace("\0", "")));
        if (!sorted.equals(new TreeMap<>(fields))) {
            warnings.add("NUL characters removed from detail_fields");
        }
        try {
            return JSON.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
