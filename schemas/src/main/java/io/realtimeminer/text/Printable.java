package io.realtimeminer.text;

/**
 * Text from the web (titles, ids, a server's Location header, error messages quoting them) made
 * safe to print to a terminal or a log line: control characters, among them the escape that
 * starts an ANSI sequence and the line breaks that forge a log line, and the bidirectional
 * overrides that reorder what a reader sees, each become U+FFFD.
 */
public final class Printable {

    private static final char REPLACEMENT = '\uFFFD';

    private Printable() {
    }

    /** {@code text} with every character unsafe to print replaced; null stays null. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (safe == null) {
                    safe = new StringBuilder(text.length()).append(text, 0, i);
                }
                safe.append(REPLACEMENT);
            } else if (safe != null) {
                safe.append(c);
            }
        }
        return safe == null ? text : safe.toString();
    }

    /** Whether the text holds a character {@link #of} would replace. */
    public static boolean isPrintable(String text) {
        return text.chars().noneMatch(c -> unsafe((char) c));
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) && c != '\t'
                || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069' || c == '\u200E' || c == '\u200F';
    }
}
