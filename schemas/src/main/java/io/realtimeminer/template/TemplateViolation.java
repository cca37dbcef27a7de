package io.realtimeminer.template;

/**
 * One reason a template was refused.
 *
 * @param path   JSON path of the offending field, e.g. {@code $.interval}
 * @param reason what is wrong with it
 */
public record TemplateViolation(String path, String reason) {

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
