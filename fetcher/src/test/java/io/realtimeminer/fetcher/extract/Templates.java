package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;

/** Templates for tests, written in the template language itself so that tests read like user input. */
final class Templates {

    private Templates() {
    }

    static SourceTemplate parse(String json) {
        try {
            return new TemplateParser().parse("test", json);
        } catch (InvalidTemplateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
