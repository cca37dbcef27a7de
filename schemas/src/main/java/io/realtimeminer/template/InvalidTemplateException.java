package io.realtimeminer.template;

import io.realtimeminer.text.Printable;

import java.util.List;
import java.util.stream.Collectors;

/** A template value that cannot be used, with every violation found. */
public class InvalidTemplateException extends Exception {

    private final String sourceId;
    private final List<TemplateViolation> violations;

    public InvalidTemplateException(String sourceId, List<TemplateViolation> violations) {
        // Printable: the message goes to logs and terminals, and quotes the template's own text.
        super(Printable.of("invalid template '" + sourceId + "': "
                + violations.stream().map(TemplateViolation::toString).collect(Collectors.joining("; "))));
        this.sourceId = sourceId;
        this.violations = List.copyOf(violations);
    }

    public String sourceId() {
        return sourceId;
    }

    public List<TemplateViolation> violations() {
        return violations;
    }
}
