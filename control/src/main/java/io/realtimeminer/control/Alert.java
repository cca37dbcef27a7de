package io.realtimeminer.control;

import java.time.Instant;

/**
 * Something an operator should look at.
 *
 * @param kind    one of {@link Alerts#KINDS}
 * @param subject the pool or source it is about
 * @param since   when the condition began, as far as the data tells
 * @param message what is wrong, readable as it is
 */
public record Alert(String kind, String subject, Instant since, String message) {
}
