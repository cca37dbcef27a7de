package io.realtimeminer.fetcher.page;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.realtimeminer.fetcher.extract.Text;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schema.org article a page describes in its {@code <script type="application/ld+json">}
 * blocks: the first node typed Article, NewsArticle, BlogPosting (or another article type), else
 * the first web page node. Reads single objects, arrays and {@code @graph} lists, types given as a
 * string or an array, with or without the schema.org prefix, and resolves {@code @id} references
 * (an author or publisher listed elsewhere in the graph). A block that is not JSON is skipped;
 * JavaScript comments, trailing commas and raw control characters, which sites often leave, are
 * tolerated.
 */
final class JsonLd {

    /** Blocks read per page at most, and the largest block read. */
    static final int MAX_BLOCKS = 20;
    static final int MAX_BLOCK_CHARS = 1 << 20;
    private static final int MAX_NODES = 2_000;

    static final Set<String> ARTICLE_TYPES = Set.of("Article", "NewsArticle", "BlogPosting", "AnalysisNewsArticle",
            "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle",
            "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle", "SocialMediaPosting", "DiscussionForumPosting",
            "SatiricalArticle", "AdvertiserContentArticle", "Review");
    static final Set<String> PAGE_TYPES = Set.of("WebPage", "ItemPage", "AboutPage", "CollectionPage", "QAPage", "FAQPage");

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    /**
     * What the article node says; text values are plain, links as written (relative ones too).
     *
     * @param authors names, in order, without repeats
     */
    record Article(String type, String headline, String description, String datePublished, String dateModified,
                   List<String> authors, String publisher, String image, String url, String language) {
    }

    private final List<JsonNode> nodes = new ArrayList<>();
    private final Map<String, JsonNode> byId = new HashMap<>();

    private JsonLd() {
    }

    /** The page's article, if one of its JSON-LD blocks describes one. */
    static Optional<Article> article(Document page) {
        JsonLd graph = new JsonLd();
        int blocks = 0;
        for (Element script : page.select("script[type]")) {
            if (!script.attr("type").strip().toLowerCase(Locale.ROOT).startsWith("application/ld+json")) {
                continue;
            }
            if (++blocks > MAX_BLOCKS) {
                break;
            }
            graph.addBlock(script.data());
        }
        return graph.find(ARTICLE_TYPES).or(() -> graph.find(PAGE_TYPES)).map(graph::read);
    }

    private void addBlock(String text) {
        if (text.length() > MAX_BLOCK_CHARS) {
            return;
        }
        String json = text.strip();
        // Wrappers some CMSs put around the JSON.
        if (json.startsWith("<!--")) {
            json = json.substring(4);
        }
        if (json.endsWith("-->")) {
            json = json.substring(0, json.length() - 3);
        }
        json = json.replace("//<![CDATA[", "").replace("//]]>", "").replace("<![CDATA[", "").replace("]]>", "").strip();
        try {
            collect(JSON.readTree(json), 0);
        } catch (IOException | RuntimeException e) {
            // Not JSON: the page's other blocks and its meta tags still count.
        }
    }

    private void collect(JsonNode node, int depth) {
        if (node == null || depth > 8 || nodes.size() >= MAX_NODES) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> collect(element, depth + 1));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        nodes.add(node);
        String id = node.path("@id").asText("");
        if (!id.isEmpty()) {
            byId.putIfAbsent(id, node);
        }
        collect(node.get("@graph"), depth + 1);
        JsonNode main = node.get("mainEntity");
        if (main != null && main.isObject()) {
            collect(main, depth + 1);
        }
    }

    private Optional<JsonNode> find(Set<String> types) {
        return nodes.stream().filter(node -> typeIn(node, types) != null).findFirst();
    }

    /** The first of the node's types that is in {@code types}, without the schema.org prefix; null if none is. */
    private static String typeIn(JsonNode node, Set<String> types) {
        JsonNode type = node.get("@type");
        List<JsonNode> values = new ArrayList<>();
        if (type != null && type.isArray()) {
            type.forEach(values::add);
        } else if (type != null) {
            values.add(type);
        }
        for (JsonNode value : values) {
            String name = value.asText("");
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf(':')) + 1).strip();
            if (types.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private Article read(JsonNode node) {
        String type = typeIn(node, ARTICLE_TYPES);
        return new Article(
                type != null ? type : typeIn(node, PAGE_TYPES),
                text(node.get("headline")) != null ? text(node.get("headline")) : text(node.get("name")),
                text(node.get("description")),
                text(node.get("datePublished")),
                text(node.get("dateModified")),
                names(node.get("author")),
                firstName(node.get("publisher")),
                link(node.get("image")),
                link(node.get("url")) != null ? link(node.get("url")) : link(node.get("mainEntityOfPage")),
                language(node.get("inLanguage")));
    }

    /** Plain text of a string value, of the first string of an array, or of an object's name or @value. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                String text = text(element);
                if (text != null) {
                    return text;
                }
            }
            return null;
        }
        if (value.isObject()) {
            return value.has("@value") ? text(value.get("@value")) : text(value.get("name"));
        }
        return value.isValueNode() ? Text.plain(value.asText()) : null;
    }

    /** Names of persons or organisations: strings, objects with a name, @id references, or arrays of these. */
    private List<String> names(JsonNode value) {
        List<String> names = new ArrayList<>();
        addNames(value, names, 0);
        return names;
    }

    private void addNames(JsonNode value, List<String> names, int depth) {
        if (value == null || depth > 3 || names.size() >= 10) {
            return;
        }
        if (value.isArray()) {
            value.forEach(element -> addNames(element, names, depth + 1));
            return;
        }
        JsonNode resolved = resolve(value);
        String name = resolved.isObject() ? text(resolved.get("name")) : text(resolved);
        if (name != null && !Links.isWebLink(name) && !names.contains(name)) {
            names.add(name);
        }
    }

    private String firstName(JsonNode value) {
        List<String> names = names(value);
        return names.isEmpty() ? null : names.get(0);
    }

    /** An object that is only an {@code @id} stands for the node with that id elsewhere in the graph. */
    private JsonNode resolve(JsonNode value) {
        if (value.isObject() && value.has("@id") && !value.has("name")) {
            JsonNode target = byId.get(value.get("@id").asText(""));
            if (target != null) {
                return target;
            }
        }
        return value;
    }

    /** A URL: a string, an object's url, contentUrl or @id (ImageObject, WebPage), or the first of an array. */
    private String link(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                String link = link(element);
                if (link != null) {
                    return link;
                }
            }
            return null;
        }
        if (value.isObject()) {
            JsonNode resolved = resolve(value);
            for (String member : new String[] {"url", "contentUrl", "@id"}) {
                JsonNode found = resolved.get(member);
                if (found != null && found.isTextual() && !found.asText().isBlank()) {
                    return found.asText().strip();
                }
            }
            return null;
        }
        return value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
    }

    /** inLanguage: a tag string, or a Language object's alternateName (its tag) or name. */
    private static String language(JsonNode value) {
        if (value != null && value.isObject()) {
            return value.has("alternateName") ? text(value.get("alternateName")) : text(value.get("name"));
        }
        return text(value);
    }
}
