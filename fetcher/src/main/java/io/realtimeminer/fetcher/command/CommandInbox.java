package io.realtimeminer.fetcher.command;

import io.realtimeminer.avro.SourceCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Acts on the commands of the partitions this instance reads. A command for a source this
 * instance does not poll (yet) waits: its partition may have just been assigned and the source's
 * template not read yet, or the source belongs to another pool whose instance reads the same
 * partition. It is tried again until {@link #LOOKBACK} after it was made, then dropped (the request
 * then shows as expired in the API).
 */
public final class CommandInbox {

    private static final Logger LOG = LoggerFactory.getLogger(CommandInbox.class);
    /**
     * How old a command may be and still be acted on; also how far back an instance reads the
     * command partitions it is newly assigned (commands made while the source had no owner).
     */
    public static final Duration LOOKBACK = Duration.ofMinutes(2);
    /** The actions this release acts on. */
    static final List<String> KNOWN = List.of("fetch", "push", "push-verified", "push-denied");
    /** Unclaimed commands kept at most (the oldest go first). */
    static final int MAX_WAITING = 10_000;

    private final PollNow scheduler;
    private final PushEvents push;
    private final Clock clock;
    private final Deque<SourceCommand> waiting = new ArrayDeque<>();

    public CommandInbox(PollNow scheduler, Clock clock) {
        this(scheduler, PushEvents.NONE, clock);
    }

    /** @param push told what the hubs said of the subscriptions (push-verified, push-denied) */
    public CommandInbox(PollNow scheduler, PushEvents push, Clock clock) {
        this.scheduler = scheduler;
        this.push = push;
        this.clock = clock;
    }

    /** A command read from the topic. */
    public void accept(SourceCommand command) {
        if (!KNOWN.contains(command.getAction())) {
            LOG.warn("request {} for {}: unknown action '{}' ignored (this release knows: {})", command.getRequestId(),
                    command.getSourceId(), command.getAction(), String.join(", ", KNOWN));
            return;
        }
        if (tooOld(command)) {
            return;
        }
        if (!act(command)) {
            waiting.addLast(command);
            while (waiting.size() > MAX_WAITING) {
                waiting.removeFirst();
            }
        }
    }

    /** Tries the waiting commands again; drops those older than {@link #LOOKBACK}. */
    public void retryWaiting() {
        for (Iterator<SourceCommand> it = waiting.iterator(); it.hasNext(); ) {
            SourceCommand command = it.next();
            if (tooOld(command) || act(command)) {
                it.remove();
            }
        }
    }

    /** Acts on a command; false when its source is not (yet) polled here. */
    private boolean act(SourceCommand command) {
        return switch (command.getAction()) {
            case "push-verified" -> push.verified(command.getSourceId(), command.getGeneration(), Duration.ofSeconds(command.getLeaseSeconds()));
            case "push-denied" -> push.denied(command.getSourceId(), command.getGeneration(), null);
            case "push" -> {
                push.pinged(command.getSourceId());
                yield scheduler.pollNow(command.getSourceId(), command.getRequestedAt());
            }
            default -> scheduler.pollNow(command.getSourceId(), command.getRequestedAt()); // fetch
        };
    }

    /** Commands waiting for their source to be polled here. */
    public int waiting() {
        return waiting.size();
    }

    private boolean tooOld(SourceCommand command) {
        boolean old = command.getRequestedAt().isBefore(clock.instant().minus(LOOKBACK));
        if (old) {
            LOG.debug("request {} for {} made at {} is older than {}: dropped", command.getRequestId(), command.getSourceId(),
                    command.getRequestedAt(), LOOKBACK);
        }
        return old;
    }
}
