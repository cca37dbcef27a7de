package io.realtimeminer.launcher;

import io.realtimeminer.kafka.TopicSchemas;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift check of {@code ksql/}: ksqlDB cannot run where this is built, so every topic its
 * statements read must be one the pipeline writes in Avro, every key column must be a string key
 * that no value field shadows, and every column a query names must be a field of the Avro schema
 * of the stream it reads (or a column of the table a statement derived from one). A schema field
 * renamed or removed fails this test before it breaks a user's query.
 */
class KsqlStatementsTest {

    private static final Path KSQL = Path.of("..", "ksql").toAbsolutePath().normalize();
    private static final Pattern SOURCE = Pattern.compile(
            "CREATE (?:SOURCE )?(STREAM|TABLE) IF NOT EXISTS (\\w+) \\((.*?)\\) WITH \\((.*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DERIVED = Pattern.compile("CREATE (STREAM|TABLE) IF NOT EXISTS (\\w+) AS (SELECT .*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PROPERTY = Pattern.compile("(\\w+)\\s*=\\s*'([^']*)'");
    private static final Pattern KEY_COLUMN = Pattern.compile("(\\w+) VARCHAR (PRIMARY )?KEY", Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM = Pattern.compile("\\bFROM (\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Words of the statements that are not columns. */
    private static final Set<String> KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "EMIT", "CHANGES",
            "FINAL", "LIMIT", "AS", "AND", "OR", "NOT", "IN", "IS", "NULL", "WINDOW", "SIZE", "ADVANCE", "GRACE", "PERIOD",
            "RETENTION", "SECOND", "SECONDS", "MINUTE", "MINUTES", "HOUR", "HOURS", "DAY", "DAYS", "TRUE", "FALSE", "LIKE",
            "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "PARTITION");
    /** Columns ksqlDB gives every stream and table, and windowed results. */
    private static final Set<String> PSEUDO_COLUMNS = Set.of("ROWTIME", "ROWPARTITION", "ROWOFFSET", "WINDOWSTART", "WINDOWEND");

    /** The columns of each stream or table the files declare, by upper-case name. */
    private final Map<String, Set<String>> relations = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    @Test
    void everyTopicColumnAndKeyTheStatementsNameExists() throws IOException {
        check(statements(KSQL.resolve("streams.sql")));
        check(statements(KSQL.resolve("queries.sql")));

        assertThat(problems).isEmpty();
        assertThat(relations).containsKeys("MINER_ITEMS", "MINER_SIGHTINGS", "MINER_POLLS", "MINER_SOURCES", "MINER_INSTANCES",
                "MINER_ITEMS_PER_MINUTE");
        assertThat(relations.get("MINER_ITEMS")).contains("ITEM_ID", "TAGS", "FRESHNESS_MS", "ITEM_KEY");
    }

    @Test
    void theCheckFindsAMisspelledColumnAnUnknownTopicAndAShadowedKey() {
        check(List.of(
                "CREATE STREAM IF NOT EXISTS items (item_key VARCHAR KEY) WITH (KAFKA_TOPIC='miner.items.enriched',"
                        + " KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO')",
                "CREATE STREAM IF NOT EXISTS gone (k VARCHAR KEY) WITH (KAFKA_TOPIC='miner.items.renamed', KEY_FORMAT='KAFKA',"
                        + " VALUE_FORMAT='AVRO')",
                "CREATE STREAM IF NOT EXISTS shadowed (item_id VARCHAR KEY) WITH (KAFKA_TOPIC='miner.items.enriched',"
                        + " KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO')",
                "SELECT source_id, COUNT(*) AS n FROM items WHERE fresness_ms > 60000 GROUP BY source_id EMIT CHANGES",
                "SELECT title FROM nowhere EMIT CHANGES"));

        assertThat(problems).hasSize(4).anySatisfy(problem -> assertThat(problem).contains("FRESNESS_MS"))
                .anySatisfy(problem -> assertThat(problem).contains("miner.items.renamed"))
                .anySatisfy(problem -> assertThat(problem).contains("ITEM_ID").contains("shadows"))
                .anySatisfy(problem -> assertThat(problem).contains("NOWHERE"));
    }

    /** The statements of a file: comments dropped, split at semicolons, whitespace folded; SET lines left out. */
    private static List<String> statements(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            int comment = line.indexOf("--");
            text.append(comment >= 0 ? line.substring(0, comment) : line).append(' ');
        }
        List<String> statements = new ArrayList<>();
        for (String statement : text.toString().split(";")) {
            String folded = statement.trim().replaceAll("\\s+", " ");
            if (!folded.isEmpty() && !folded.toUpperCase(Locale.ROOT).startsWith("SET ")) {
                statements.add(folded);
            }
        }
        return statements;
    }

    private void check(List<String> statements) {
        for (String statement : statements) {
            Matcher source = SOURCE.matcher(statement);
            Matcher derived = DERIVED.matcher(statement);
            if (source.matches()) {
                declare(source.group(2), source.group(3), source.group(4));
            } else if (derived.matches()) {
                relations.put(derived.group(2).toUpperCase(Locale.ROOT), query(derived.group(3)));
            } else if (statement.toUpperCase(Locale.ROOT).startsWith("SELECT ")) {
                query(statement);
            } else {
                problems.add("not a statement this check knows: " + statement);
            }
        }
    }

    /** A stream or table over a topic: the topic's Avro value fields plus its declared key columns. */
    private void declare(String name, String columns, String with) {
        Map<String, String> properties = new LinkedHashMap<>();
        Matcher property = PROPERTY.matcher(with);
        while (property.find()) {
            properties.put(property.group(1).toUpperCase(Locale.ROOT), property.group(2));
        }
        String topic = properties.get("KAFKA_TOPIC");
        Schema schema = TopicSchemas.VALUES.get(topic);
        if (schema == null) {
            problems.add(name + " reads " + topic + ", which is no Avro topic of the pipeline " + TopicSchemas.VALUES.keySet());
            return;
        }
        if (!"AVRO".equalsIgnoreCase(properties.get("VALUE_FORMAT")) || !"KAFKA".equalsIgnoreCase(properties.get("KEY_FORMAT"))) {
            problems.add(name + " must read Avro values and string keys (VALUE_FORMAT='AVRO', KEY_FORMAT='KAFKA'): " + properties);
        }
        Set<String> fields = new LinkedHashSet<>();
        schema.getFields().forEach(field -> fields.add(field.name().toUpperCase(Locale.ROOT)));
        Set<String> all = new LinkedHashSet<>(fields);
        for (String column : columns.split(",")) {
            Matcher key = KEY_COLUMN.matcher(column.trim());
            if (!key.matches()) {
                problems.add(name + " declares '" + column.trim() + "': only a VARCHAR key column is declared, values come from the registry");
                continue;
            }
            String keyName = key.group(1).toUpperCase(Locale.ROOT);
            if (fields.contains(keyName)) {
                problems.add(name + "'s key column " + keyName + " shadows a value field of the same name");
            }
            all.add(keyName);
        }
        relations.put(name.toUpperCase(Locale.ROOT), all);
    }

    /**
     * Checks that every column a SELECT names is one of the relation it reads; returns the columns
     * of its result (each item's alias, or the column it names).
     */
    private Set<String> query(String select) {
        Matcher from = FROM.matcher(select);
        if (!from.find()) {
            problems.add("a query without FROM: " + select);
            return Set.of();
        }
        String relation = from.group(1).toUpperCase(Locale.ROOT);
        Set<String> columns = relations.get(relation);
        if (columns == null) {
            problems.add("the query reads " + relation + ", which no statement declares: " + select);
            return Set.of();
        }
        String code = select.replaceAll("'[^']*'", "''");
        Matcher identifier = IDENTIFIER.matcher(code);
        while (identifier.find()) {
            String word = identifier.group().toUpperCase(Locale.ROOT);
            String before = code.substring(0, identifier.start()).stripTrailing().toUpperCase(Locale.ROOT);
            String after = code.substring(identifier.end()).stripLeading();
            boolean function = after.startsWith("(");
            boolean alias = before.endsWith(" AS");
            // Function names, window kinds (TUMBLING (...)) and aliases are no columns.
            if (function || alias || KEYWORDS.contains(word) || PSEUDO_COLUMNS.contains(word) || word.equals(relation)) {
                continue;
            }
            if (!columns.contains(word)) {
                problems.add("the query over " + relation + " names " + word + ", which it does not have: " + select);
            }
        }
        return resultColumns(code);
    }

    private static Set<String> resultColumns(String select) {
        String list = select.substring("SELECT ".length(), select.toUpperCase(Locale.ROOT).indexOf(" FROM "));
        Set<String> result = new LinkedHashSet<>(PSEUDO_COLUMNS);
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= list.length(); i++) {
            char c = i < list.length() ? list.charAt(i) : ',';
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                String item = list.substring(start, i).trim();
                String[] words = item.split(" ");
                result.add(words[words.length - 1].toUpperCase(Locale.ROOT));
                start = i + 1;
            }
        }
        return result;
    }
}
