package io.realtimeminer.fetcher.extract;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The base URI of each entry of a feed, from the document URL and the {@code xml:base} attributes
 * on the way down to it (XML Base, RFC 3986 resolution). ROME leaves relative links as written.
 */
final class XmlBase {

    private XmlBase() {
    }

    /**
     * @param entryCount how many entries ROME found; when the Atom entries or RSS items found here
     *                   are not as many, every entry gets the document's own base (the root's)
     * @return one base per entry, in document order (elements may be null when nothing is known)
     */
    static List<URI> ofEntries(Document document, URI documentUrl, int entryCount) {
        Element root = document.getRootElement();
        URI rootBase = resolve(documentUrl, root);
        if (!declaresBase(document)) {
            return Collections.nCopies(entryCount, rootBase);
        }
        List<URI> bases = new ArrayList<>();
        collect(root, rootBase, bases);
        return bases.size() == entryCount ? bases : Collections.nCopies(entryCount, rootBase);
    }

    private static boolean declaresBase(Document document) {
        for (Element element : document.getDescendants(Filters.element())) {
            if (element.getAttribute("base", Namespace.XML_NAMESPACE) != null) {
                return true;
            }
        }
        return false;
    }

    /** Walks the tree down to Atom {@code entry} and RSS {@code item} elements, which do not nest. */
    private static void collect(Element element, URI base, List<URI> bases) {
        for (Element child : element.getChildren()) {
            URI childBase = resolve(base, child);
            if (child.getName().equals("entry") || child.getName().equals("item")) {
                bases.add(childBase);
            } else {
                collect(child, childBase, bases);
            }
        }
    }

    private static URI resolve(URI base, Element element) {
        String declared = element.getAttributeValue("base", Namespace.XML_NAMESPACE);
        if (declared == null || declared.isBlank()) {
            return base;
        }
        String resolved = Text.absolute(base, declared);
        try {
            return URI.create(resolved);
        } catch (IllegalArgumentException e) {
            return base;
        }
    }
}
