package io.realtimeminer.template;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A template's Unix cron expression (minute, hour, day of month, month, day of week), evaluated in
 * UTC so that every fetcher instance computes the same poll times whatever its own time zone.
 */
public final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** How many upcoming runs {@link #gaps} looks at: enough to see every gap of a list like {@code 0,1,30}. */
    private static final int SAMPLED_RUNS = 64;

    private final String expression;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ExecutionTime executionTime) {
        this.expression = expression;
        this.executionTime = executionTime;
    }

    /** @throws IllegalArgumentException when {@code expression} is not a valid 5-field Unix cron expression */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty cron expression");
        }
        String trimmed = expression.trim();
        return new CronSchedule(trimmed, ExecutionTime.forCron(UNIX.parse(trimmed).validate()));
    }

    public String expression() {
        return expression;
    }

    /** The first run strictly after {@code time}; empty for an expression that never fires again (e.g. 30 February). */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime time) {
        return executionTime.nextExecution(time.withZoneSameInstant(ZoneOffset.UTC));
    }

    /**
     * The shortest and longest time between two of the next runs after {@code from}, the wait for
     * the first run counting as a gap too (an expression that fires once every four years waits
     * that long, whenever it is set).
     */
    Gaps gaps(ZonedDateTime from) {
        Optional<ZonedDateTime> previous = nextAfter(from);
        Duration shortest = null;
        Duration longest = previous.map(first -> Duration.between(from, first)).orElse(Duration.ZERO);
        for (int i = 0; i < SAMPLED_RUNS && previous.isPresent(); i++) {
            Optional<ZonedDateTime> next = nextAfter(previous.get());
            if (next.isPresent()) {
                Duration gap = Duration.between(previous.get(), next.get());
                shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
                longest = gap.compareTo(longest) > 0 ? gap : longest;
            }
            previous = next;
        }
        return new Gaps(shortest, longest);
    }

    /** @param shortest null when it runs less than twice */
    record Gaps(Duration shortest, Duration longest) {
    }

    /** Two schedules are the same when their expressions are (a template whose cron did not change is unchanged). */
    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule schedule && schedule.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
