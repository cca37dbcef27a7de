package io.realtimeminer.fetcher.parse;

import java.time.Duration;

/**
 * The time one document may take to be read on a parse thread (extraction, page metadata). The
 * {@link BudgetedParsePool} gives each task its budget and, at its end, expires it and interrupts
 * the thread; code that can run long checks it: between items ({@link #check()}), and inside every
 * regex it runs over a document's text ({@link #bounded(CharSequence)}), which java.util.regex
 * would otherwise run to the end however long that takes.
 */
public final class ParseBudget {

    /** The setting that gives the budget ({@code FetcherConfig}), named in the failure it causes. */
    public static final String SETTING = "parse.budget.ms";

    private static final ThreadLocal<ParseBudget> CURRENT = new ThreadLocal<>();
    /** A budget that never expires, for code that runs outside the parse pool (tests, preview). */
    private static final ParseBudget UNLIMITED = new ParseBudget(Duration.ZERO);

    private final Duration limit;
    private volatile boolean expired;

    ParseBudget(Duration limit) {
        this.limit = limit;
    }

    /** The budget of the task this thread runs; one that never expires outside the parse pool. */
    public static ParseBudget current() {
        ParseBudget budget = CURRENT.get();
        return budget == null ? UNLIMITED : budget;
    }

    /** @throws ParseBudgetExceededException when the current task's budget has run out */
    public static void check() {
        current().checkNow();
    }

    /** {@code text} for a regex to match: reading it fails once the current task's budget has run out. */
    public static CharSequence bounded(CharSequence text) {
        ParseBudget budget = current();
        return budget == UNLIMITED ? text : new BudgetedText(text, budget);
    }

    void checkNow() {
        if (expired) {
            throw new ParseBudgetExceededException(limit);
        }
    }

    void expire() {
        expired = true;
    }

    boolean expired() {
        return expired;
    }

    static void enter(ParseBudget budget) {
        CURRENT.set(budget);
    }

    static void leave() {
        CURRENT.remove();
    }

    /** A text whose characters can no longer be read once its budget has expired. */
    private record BudgetedText(CharSequence text, ParseBudget budget) implements CharSequence {

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            budget.checkNow();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedText(text.subSequence(start, end), budget);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
