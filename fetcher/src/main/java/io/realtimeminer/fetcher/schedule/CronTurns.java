package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.template.CronSchedule;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.CRC32;

/**
 * The turns of a source with a cron expression (see {@link CronSchedule}: Unix, 5 fields, UTC).
 * Cron names minutes; within its minute each source starts at a fixed second derived from its id,
 * so that a thousand sources on "0 * * * *" do not all start at second zero.
 */
final class CronTurns {

    private static final long MINUTE_MS = 60_000;

    private final CronSchedule schedule;
    private final Duration phase;

    private CronTurns(CronSchedule schedule, Duration phase) {
        this.schedule = schedule;
        this.phase = phase;
    }

    /** The turns of a source's schedule, as its template parsed it. */
    static CronTurns of(String sourceId, CronSchedule schedule) {
        CRC32 crc = new CRC32();
        crc.update(sourceId.getBytes(StandardCharsets.UTF_8));
        return new CronTurns(schedule, Duration.ofMillis(crc.getValue() % MINUTE_MS));
    }

    String expression() {
        return schedule.expression();
    }

    /** The first turn strictly after {@code after}, or null if the expression never fires again. */
    Instant next(Instant after) {
        return schedule.nextAfter(after.minus(phase).atZone(ZoneOffset.UTC))
                .map(time -> time.toInstant().plus(phase))
                .orElse(null);
    }
}
