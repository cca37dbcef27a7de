package io.realtimeminer.fetcher.parse;

import java.time.Duration;

/** A document took longer to read than its {@link ParseBudget}: the poll (or page) fails with this reason. */
public final class ParseBudgetExceededException extends RuntimeException {

    ParseBudgetExceededException(Duration limit) {
        super("reading the document took longer than " + limit.toMillis() + " ms (" + ParseBudget.SETTING
                + "): a selector regex or the document itself is too costly", null, false, false);
    }
}
