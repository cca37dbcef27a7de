package io.realtimeminer.control;

import java.util.List;
import java.util.Map;

/**
 * {@code offset} and {@code limit} of a listing route (1–{@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}), read from its query parameters, which must all be known.
 */
record Paging(int offset, int limit) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    /** @param known every parameter the route takes, {@code offset} and {@code limit} included */
    static Paging of(Map<String, List<String>> parameters, List<String> known) {
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw new ApiException(400, "unknown query parameter '" + name + "'; known: " + String.join(", ", known));
            }
        }
        return new Paging(number(parameters, "offset", 0, Integer.MAX_VALUE, 0), number(parameters, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT));
    }

    /** The items of this page. */
    <T> List<T> of(List<T> all) {
        return all.stream().skip(offset).limit(limit).toList();
    }

    static String single(Map<String, List<String>> parameters, String name, String fallback) {
        List<String> given = parameters.getOrDefault(name, List.of());
        if (given.size() > 1) {
            throw new ApiException(400, "'" + name + "' given " + given.size() + " times; give it once");
        }
        return given.isEmpty() || given.get(0).isBlank() ? fallback : given.get(0).strip();
    }

    private static int number(Map<String, List<String>> parameters, String name, int min, int max, int fallback) {
        String text = single(parameters, name, null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new ApiException(400, "'" + name + "' must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "'" + name + "' must be a whole number, not '" + text + "'");
        }
    }

}
