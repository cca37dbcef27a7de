package io.realtimeminer.template;

import io.realtimeminer.text.Printable;

import java.util.List;
import java.util.stream.Collectors;

/** A template value that cannot be used, with every violation found. */
public class InvalidTemplateException extends Exception {

    private final String sourceId;
    private final List<TemplateViolation> violations;
    private final String firstPool;

    public InvalidTemplateException(String sourceId, List<TemplateViolation> violations) {
        this(sourceId, violations, SourceTemplate.DEFAULT_POOL);
    }

    /** @param firstPool the first valid pool the template names (the default pool when it names none or could not be read) */
    public InvalidTemplateException(String sourceId, List<TemplateViolation> violations, String firstPool) {
        // Printable: the message goes to logs and terminals, and quotes the template's own text.
        super(Printable.of("invalid template '" + sourceId + "': "
                + violations.stream().map(TemplateViolation::toString).collect(Collectors.joining("; "))));
        this.sourceId = sourceId;
        this.violations = List.copyOf(violations);
        this.firstPool = firstPool;
    }

    /**
     * The pool that reports the template: the first valid pool it names, or the default pool. Its fetchers are the ones
     * that would have polled it, so a refused template is reported even where no fetcher serves the default pool.
     */
    public String firstPool() {
        return firstPool;
    }

    public String sourceId() {
        return sourceId;
    }

    public List<TemplateViolation> violations() {
        return violations;
    }
}
