package io.realtimeminer.fetcher.push;

import io.realtimeminer.fetcher.http.PageFetcher;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * WebSub discovery (W3C WebSub §4), in the Recommendation's order, stopping at the first match:
 * the response's {@code Link} headers ({@code rel="hub"} and {@code rel="self"}, in one header or
 * several), else the links of the document: {@code <link rel="hub">} and {@code rel="self"} of an
 * Atom feed or an RSS channel ({@code atom:link}), or of an HTML page's {@code <head>} (links in the
 * body are left alone: anyone who may post there could name a hub). Relative URLs are resolved
 * against the URL that answered. A hub without a self link takes that URL as its topic. Only http
 * and https hubs count.
 */
public final class HubDiscovery {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final XMLInputFactory XML = xmlFactory();

    private HubDiscovery() {
    }

    /** The hub named by a response of {@code url}: its Link headers first, then its body. */
    public static Optional<Hub> find(URI url, List<String> linkHeaders, byte[] body, String contentType) {
        Links headers = fromLinkHeaders(linkHeaders, url);
        if (headers.hub() != null) {
            return headers.toHub(url);
        }
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        Links document = looksLikeHtml(body, contentType) ? fromHtml(body, url) : fromXml(body, url);
        return document.toHub(url);
    }

    /** Hub and self links found so far (the first of each counts). */
    record Links(URI hub, URI self) {

        Links with(String rel, URI target) {
            if (target == null || !PageFetcher.fetchable(target)) {
                return this;
            }
            if (rel.equals("hub") && hub == null) {
                return new Links(target, self);
            }
            if (rel.equals("self") && self == null) {
                return new Links(hub, target);
            }
            return this;
        }

        Optional<Hub> toHub(URI fetched) {
            return hub == null ? Optional.empty() : Optional.of(new Hub(hub, self == null ? fetched : self));
        }
    }

    /** RFC 8288 Link header values: {@code <uri>; rel="a b", <uri2>; rel=c}, in one value or several. */
    static Links fromLinkHeaders(List<String> values, URI base) {
        Links links = new Links(null, null);
        for (String value : values) {
            for (String link : splitOutsideQuotesAndBrackets(value)) {
                String trimmed = link.strip();
                if (!trimmed.startsWith("<") || trimmed.indexOf('>') < 0) {
                    continue;
                }
                URI target = resolve(base, trimmed.substring(1, trimmed.indexOf('>')));
                for (String parameter : trimmed.substring(trimmed.indexOf('>') + 1).split(";")) {
                    int equals = parameter.indexOf('=');
                    if (equals < 0 || !parameter.substring(0, equals).strip().equalsIgnoreCase("rel")) {
                        continue;
                    }
                    String rels = parameter.substring(equals + 1).strip();
                    if (rels.length() >= 2 && rels.startsWith("\"") && rels.endsWith("\"")) {
                        rels = rels.substring(1, rels.length() - 1);
                    }
                    for (String rel : rels.toLowerCase(Locale.ROOT).split("\\s+")) {
                        links = links.with(rel, target);
                    }
                }
            }
        }
        return links;
    }

    private static List<String> splitOutsideQuotesAndBrackets(String value) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        boolean bracketed = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && !bracketed) {
                quoted = !quoted;
            } else if (c == '<' && !quoted) {
                bracketed = true;
            } else if (c == '>' && !quoted) {
                bracketed = false;
            } else if (c == ',' && !quoted && !bracketed) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    /** {@code <link rel>} elements of an HTML page's head. */
    static Links fromHtml(byte[] body, URI base) {
        Document page;
        try {
            page = Jsoup.parse(new ByteArrayInputStream(body), null, base.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array is never short of bytes
        }
        Links links = new Links(null, null);
        for (Element link : page.head().select("link[rel][href]")) {
            for (String rel : link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")) {
                links = links.with(rel, resolve(base, link.attr("href")));
            }
        }
        return links;
    }

    /** Atom {@code link} elements of a feed (Atom) or of a channel (RSS), before its first entry or item. */
    static Links fromXml(byte[] body, URI base) {
        Links links = new Links(null, null);
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                int depth = 0;
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    } else if (event == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                        String name = reader.getLocalName();
                        if (name.equals("entry") || name.equals("item")) {
                            break;
                        }
                        if (name.equals("link") && ATOM.equals(reader.getNamespaceURI()) && depth <= 3) {
                            String rel = reader.getAttributeValue(null, "rel");
                            String href = reader.getAttributeValue(null, "href");
                            if (rel != null && href != null) {
                                for (String one : rel.toLowerCase(Locale.ROOT).strip().split("\\s+")) {
                                    links = links.with(one, resolve(base, href));
                                }
                            }
                        }
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            // Not XML, or broken past the links: what was found before stands.
        }
        return links;
    }

    private static boolean looksLikeHtml(byte[] body, String contentType) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")) {
            return true;
        }
        String start = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return start.contains("<!doctype html") || start.contains("<html");
    }

    private static URI resolve(URI base, String href) {
        try {
            return base.resolve(href.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // A feed's links need no DTD: none is read, no entity is fetched or expanded.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }
}
