package io.realtimeminer.fetcher.subscriptions;

import com.rometools.opml.io.impl.OPML10Parser;
import org.jdom2.Document;
import org.jdom2.Element;

/**
 * OPML 1.1 (NetNewsWire and others write it), which ROME's OPML module of this version does not
 * claim: its outlines are OPML 1.0's, so ROME's 1.0 parser reads them. Registered for ROME in
 * {@code rome.properties}.
 */
public final class Opml11Parser extends OPML10Parser {

    public Opml11Parser() {
        super("opml_1.1");
    }

    @Override
    public boolean isMyType(Document document) {
        Element root = document.getRootElement();
        return "opml".equals(root.getName()) && "1.1".equals(root.getAttributeValue("version"));
    }
}
