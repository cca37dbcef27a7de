package io.realtimeminer.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code fields} object: each known field name to a selector string ({@code "h2 a"}, and for
 * html {@code "h2 a@href"}) or to an object {@code {"select", "attr", "format"}}.
 */
final class FieldRulesParser {

    private static final List<String> RULE_MEMBERS = List.of("select", "attr", "format");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_:][-A-Za-z0-9_:.]*");

    private final Violations violations;

    FieldRulesParser(Violations violations) {
        this.violations = violations;
    }

    /**
     * @param fields       the {@code fields} object (already known to be an object)
     * @param path         its JSON path
     * @param documentKind html or json: the language of the selectors
     */
    Map<String, FieldRule> parse(JsonNode fields, String path, SourceKind documentKind) {
        return parse(fields, path, documentKind, false);
    }

    /**
     * As above; with {@code extraNames} (a detail step) names other than the item fields are
     * allowed too, as {@link FieldRule#EXTRA_NAME} words, at most {@link FieldRule#MAX_EXTRA}.
     */
    Map<String, FieldRule> parse(JsonNode fields, String path, SourceKind documentKind, boolean extraNames) {
        Map<String, FieldRule> rules = new LinkedHashMap<>();
        if (extraNames) {
            checkExtraNames(fields, path);
        } else {
            violations.rejectUnknownMembers(fields, path, FieldRule.NAMES);
        }
        fields.fields().forEachRemaining(entry -> {
            if (FieldRule.NAMES.contains(entry.getKey()) || extraNames && FieldRule.EXTRA_NAME.matcher(entry.getKey()).matches()) {
                FieldRule rule = rule(entry.getKey(), entry.getValue(), path + "." + entry.getKey(), documentKind);
                if (rule != null) {
                    rules.put(entry.getKey(), rule);
                }
            }
        });
        return rules;
    }

    private void checkExtraNames(JsonNode fields, String path) {
        int extra = 0;
        for (var names = fields.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (FieldRule.NAMES.contains(name)) {
                continue;
            }
            if (!FieldRule.EXTRA_NAME.matcher(name).matches()) {
                violations.add(path + "." + name, "is not a field name: " + String.join(", ", FieldRule.NAMES)
                        + ", or a name of your own in lower-case letters, digits and '_' (up to 40)");
            } else if (++extra == FieldRule.MAX_EXTRA + 1) {
                violations.add(path, "names more than " + FieldRule.MAX_EXTRA + " fields of its own");
            }
        }
    }

    private FieldRule rule(String name, JsonNode value, String path, SourceKind documentKind) {
        FieldRule rule;
        String selectPath = path;
        if (value.isTextual()) {
            rule = documentKind == SourceKind.HTML ? htmlShorthand(value.asText().trim()) : FieldRule.of(value.asText().trim());
        } else if (value.isObject()) {
            violations.rejectUnknownMembers(value, path, RULE_MEMBERS);
            String select = text(value, "select", path + ".select");
            String attr = text(value, "attr", path + ".attr");
            String format = text(value, "format", path + ".format");
            rule = new FieldRule(select, attr, format);
            selectPath = path + ".select";
        } else {
            violations.add(path, "must be a selector string or an object with select, attr and format");
            return null;
        }
        return valid(name, rule, path, selectPath, documentKind) ? rule : null;
    }

    /** {@code "h2 a@href"}: the part after the last '@' is the attribute, unless that '@' sits inside {@code [...]}. */
    private static FieldRule htmlShorthand(String text) {
        int at = text.lastIndexOf('@');
        if (at >= 0 && text.lastIndexOf(']') < at && ATTRIBUTE_NAME.matcher(text.substring(at + 1).trim()).matches()) {
            return new FieldRule(text.substring(0, at).trim(), text.substring(at + 1).trim(), null);
        }
        return FieldRule.of(text);
    }

    private boolean valid(String name, FieldRule rule, String path, String selectPath, SourceKind documentKind) {
        int before = violations.count();
        if (documentKind == SourceKind.HTML) {
            if (!rule.select().isEmpty()) {
                SelectorSyntax.cssProblem(rule.select()).ifPresent(problem -> violations.add(selectPath, problem));
            }
            if (rule.attr() != null && !ATTRIBUTE_NAME.matcher(rule.attr()).matches()) {
                violations.add(path + ".attr", "'" + rule.attr() + "' is not an attribute name");
            }
        } else {
            if (rule.select().isEmpty()) {
                violations.add(selectPath, "needs a JsonPath ($ is the item itself)");
            } else {
                SelectorSyntax.jsonPathProblem(rule.select()).ifPresent(problem -> violations.add(selectPath, problem));
            }
            if (rule.attr() != null) {
                violations.add(path + ".attr", "only html fields read attributes");
            }
        }
        if (rule.format() != null) {
            if (!name.equals(FieldRule.PUBLISHED)) {
                violations.add(path + ".format", "only the published field takes a date format");
            } else {
                dateFormatProblem(rule.format(), path + ".format");
            }
        }
        return violations.count() == before;
    }

    private void dateFormatProblem(String format, String path) {
        try {
            DateTimeFormatter.ofPattern(format, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            violations.add(path, "not a date format (java.time.format.DateTimeFormatter pattern): " + e.getMessage());
        }
    }

    private String text(JsonNode object, String member, String path) {
        return violations.optionalText(object, member, path);
    }
}
