package io.realtimeminer.control.deadletters;

import java.util.Optional;

/** Refuses to replay a letter that would do harm, e.g. a refused template a newer version has replaced since. */
@FunctionalInterface
public interface ReplayVeto {

    ReplayVeto NONE = (stage, letter, value) -> Optional.empty();

    /** Why {@code letter} (whose value is {@code value}, null for none) must not be replayed, or empty. */
    Optional<String> refuse(DeadLetterStage stage, DeadLetter letter, byte[] value);
}
