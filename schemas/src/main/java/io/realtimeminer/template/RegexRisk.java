package io.realtimeminer.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Refuses the regular expressions whose running time can explode on a hostile page (catastrophic
 * backtracking in java.util.regex), as far as their form tells: a repeated group that itself
 * repeats ({@code (a+)+}, {@code ^(a{1,30}){1,30}$}), a repeated group whose alternatives can
 * start alike ({@code (a|ab)*}, {@code (\w|\d)+}), and backreferences. The fetcher's time budget per
 * document stops whatever slips through.
 */
public final class RegexRisk {

    /** Longer patterns are refused outright: a selector's regex is a short test, not a program. */
    public static final int MAX_LENGTH = 500;

    private RegexRisk() {
    }

    /** Why {@code regex} may not be used; empty when it may. */
    public static Optional<String> problem(String regex) {
        if (regex.length() > MAX_LENGTH) {
            return Optional.of("regex longer than " + MAX_LENGTH + " characters");
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return Optional.of("not a valid regex: " + e.getDescription() + " near index " + e.getIndex());
        }
        return new Scan(regex).problem();
    }

    /** One pass over the pattern, keeping for each open group whether it repeats inside and its alternatives. */
    private static final class Scan {

        private final String regex;
        private final Deque<Group> open = new ArrayDeque<>();

        Scan(String regex) {
            this.regex = regex;
            open.push(new Group());
        }

        Optional<String> problem() {
            for (int i = 0; i < regex.length(); i++) {
                char c = regex.charAt(i);
                Group group = open.peek();
                switch (c) {
                    case '\\' -> {
                        if (i + 1 < regex.length()) {
                            char next = regex.charAt(i + 1);
                            if (next >= '1' && next <= '9' || next == 'k') {
                                return Optional.of("backreferences are not allowed in selector regexes");
                            }
                            if (next == 'Q') {
                                int end = regex.indexOf("\\E", i + 2);
                                group.atom(end < 0 ? regex.substring(i + 2) : regex.substring(i + 2, end));
                                i = end < 0 ? regex.length() : end + 1;
                                continue;
                            }
                            group.atom(regex.substring(i, i + 2));
                        }
                        i++;
                    }
                    case '[' -> {
                        int end = classEnd(i);
                        group.atom(regex.substring(i, end));
                        i = end - 1;
                    }
                    case '(' -> open.push(new Group());
                    case ')' -> {
                        Group closed = open.size() > 1 ? open.pop() : new Group();
                        closed.close();
                        int after = i + 1;
                        boolean repeated = repeats(after);
                        if (repeated && closed.repeatsInside) {
                            return Optional.of("a repeated group contains a repetition (nested quantifiers such as (a+)+"
                                    + " can run for hours on a hostile page): " + regex.substring(0, after) + "...");
                        }
                        if (repeated && closed.alternativesOverlap()) {
                            return Optional.of("a repeated group has alternatives that can match alike (such as (a|ab)*,"
                                    + " which can run for hours on a hostile page)");
                        }
                        open.peek().group(closed, repeated);
                    }
                    case '|' -> group.alternative();
                    case '*', '+' -> group.quantified();
                    case '{' -> {
                        if (repeatsCount(i)) {
                            group.quantified();
                        }
                    }
                    default -> {
                        if (c != '?' && c != '^' && c != '$') {
                            group.atom(String.valueOf(c));
                        }
                    }
                }
            }
            return Optional.empty();
        }

        /** Whether the quantifier at {@code at} (if any) lets what precedes it repeat. */
        private boolean repeats(int at) {
            if (at >= regex.length()) {
                return false;
            }
            char c = regex.charAt(at);
            return c == '*' || c == '+' || c == '{' && repeatsCount(at);
        }

        /** {@code {n}} with n > 1, {@code {n,}} and {@code {n,m}} with m > 1 repeat. */
        private boolean repeatsCount(int at) {
            int end = regex.indexOf('}', at);
            if (end < 0) {
                return false;
            }
            String[] bounds = regex.substring(at + 1, end).split(",", -1);
            try {
                String upper = bounds.length > 1 ? bounds[1].trim() : bounds[0].trim();
                return upper.isEmpty() || Integer.parseInt(upper) > 1;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private int classEnd(int open) {
            int i = open + 1;
            if (i < regex.length() && regex.charAt(i) == '^') {
                i++;
            }
            if (i < regex.length() && regex.charAt(i) == ']') {
                i++;
            }
            int depth = 1;
            for (; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    return i + 1;
                }
            }
            return regex.length();
        }
    }

    /** What a group holds so far: whether anything in it repeats, and the first atom of each alternative. */
    private static final class Group {

        private boolean repeatsInside;
        private final List<String> firstAtoms = new ArrayList<>();
        private boolean alternativeStarted;
        private boolean afterBar;

        void atom(String atom) {
            if (!alternativeStarted) {
                alternativeStarted = true;
                firstAtoms.add(atom);
            }
        }

        void group(Group inner, boolean repeated) {
            repeatsInside |= inner.repeatsInside || repeated;
            // A group as first atom starts like any of its alternatives: not a literal one can tell apart.
            atom(inner.firstAtoms.size() == 1 ? inner.firstAtoms.get(0) : "(group)");
        }

        void quantified() {
            repeatsInside = true;
        }

        void alternative() {
            if (!alternativeStarted) {
                firstAtoms.add("");
            }
            alternativeStarted = false;
            afterBar = true;
        }

        /** At the group's end: a last alternative left empty ({@code (a|)}) counts as one. */
        void close() {
            if (afterBar && !alternativeStarted) {
                firstAtoms.add("");
            }
        }

        /**
         * Whether two alternatives may begin with the same character: the same first atom, an empty
         * alternative, or a first atom that is not a plain literal (a class, a dot, an escape).
         */
        boolean alternativesOverlap() {
            if (firstAtoms.size() < 2) {
                return false;
            }
            List<String> seen = new ArrayList<>();
            for (String first : firstAtoms) {
                boolean literal = first.length() == 1 && Character.isLetterOrDigit(first.charAt(0))
                        || first.length() == 2 && first.charAt(0) == '\\' && !Character.isLetterOrDigit(first.charAt(1));
                if (!literal || seen.contains(first.toLowerCase(Locale.ROOT))) {
                    return true;
                }
                seen.add(first.toLowerCase(Locale.ROOT));
            }
            return false;
        }
    }
}
