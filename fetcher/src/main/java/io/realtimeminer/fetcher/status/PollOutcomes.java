package io.realtimeminer.fetcher.status;

import io.realtimeminer.fetcher.schedule.PollResult;

import java.util.List;

/** The outcome of a poll as its status record and the metrics name it. */
public final class PollOutcomes {

    /** Every name {@link #of} gives, in the order a reader expects them. */
    public static final List<String> NAMES = List.of("new_items", "unchanged", "not_modified", "http_error",
            "timeout", "address_refused", "robots", "too_large", "network_error", "protocol_error", "redirect_error", "throttled",
            "parse_error", "error");

    private PollOutcomes() {
    }

    public static String of(PollResult poll) {
        return switch (poll.outcome()) {
            case ITEMS -> poll.itemsNew() + poll.itemsChanged() > 0 ? "new_items" : "unchanged";
            case NOT_MODIFIED -> "not_modified";
            case FAILED -> switch (poll.failure()) {
                case HTTP_STATUS -> "http_error";
                case TIMEOUT -> "timeout";
                case ADDRESS_REFUSED -> "address_refused";
                case ROBOTS -> "robots";
                case TOO_LARGE -> "too_large";
                case NETWORK -> "network_error";
                case PROTOCOL -> "protocol_error";
                case REDIRECT -> "redirect_error";
                case THROTTLED -> "throttled";
                case PARSE -> "parse_error";
                case OTHER -> "error";
            };
        };
    }
}
