package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.extract.ExtractionException;
import io.realtimeminer.fetcher.extract.Extraction;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.template.SourceTemplate;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/** An extractor that counts how often it parsed a document. */
final class CountingExtractor implements ItemExtractor {

    private final ItemExtractor delegate;
    private final AtomicInteger calls = new AtomicInteger();

    CountingExtractor(ItemExtractor delegate) {
        this.delegate = delegate;
    }

    @Override
    public Extraction read(SourceTemplate template, byte[] body, String contentType, URI baseUrl) throws ExtractionException {
        calls.incrementAndGet();
        return delegate.read(template, body, contentType, baseUrl);
    }

    int calls() {
        return calls.get();
    }
}
