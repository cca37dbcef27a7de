package io.realtimeminer.fetcher.page;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Guesses the language of a page that declares none, from its main text, without a detection
 * library (the one on Maven Central, optimaize language-detector, is unmaintained since 2016):
 * a script that one language owns (Hangul, kana, Greek, Hebrew, Thai; Han alone is taken as
 * Chinese), else the most frequent function words of English, German, French, Spanish, Italian,
 * Portuguese, Dutch, Russian and Ukrainian. It answers only when the text is long enough and one
 * language clearly leads; otherwise null, which is better than a wrong tag.
 */
final class LanguageGuess {

    /** Characters of text looked at. */
    static final int SAMPLE_CHARS = 5_000;
    private static final int MIN_WORDS = 20;
    private static final int MIN_HITS = 5;

    private static final Map<String, Set<String>> FUNCTION_WORDS = Map.of(
            "en", Set.of("the", "and", "of", "to", "is", "that", "it", "was", "for", "with", "as", "on", "are", "this", "be",
                    "have", "you", "not", "by", "from", "they", "which", "were", "has"),
            "de", Set.of("der", "die", "und", "das", "ist", "nicht", "mit", "den", "auch", "sich", "ein", "eine", "zu", "von",
                    "dem", "für", "auf", "wird", "werden", "ich", "sie", "es", "im", "des"),
            "fr", Set.of("le", "la", "les", "et", "des", "est", "une", "un", "du", "dans", "que", "qui", "pour", "pas", "sur",
                    "au", "avec", "ce", "il", "sont", "aux", "ne", "se", "nous"),
            "es", Set.of("el", "los", "las", "y", "por", "para", "del", "como", "una", "es", "con", "que", "se", "no", "su",
                    "al", "lo", "más", "pero", "sus", "fue", "está", "muy", "también"),
            "it", Set.of("il", "di", "che", "è", "per", "non", "sono", "della", "del", "con", "gli", "nel", "una", "un", "si",
                    "alla", "anche", "come", "più", "questo", "dei", "delle", "ha", "le"),
            "pt", Set.of("o", "os", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "dos", "das", "é", "que", "no",
                    "na", "ao", "mais", "como", "foi", "pelo", "pela", "também"),
            "nl", Set.of("de", "het", "een", "en", "van", "is", "dat", "op", "te", "niet", "zijn", "met", "voor", "ook", "er",
                    "maar", "wordt", "bij", "naar", "om", "dit", "worden", "ik", "aan"),
            "ru", Set.of("и", "в", "не", "на", "что", "с", "по", "это", "как", "для", "он", "его", "но", "из", "к", "от",
                    "был", "было", "при", "также", "они", "только", "или", "мы"),
            "uk", Set.of("і", "та", "що", "на", "не", "для", "як", "це", "з", "до", "від", "його", "але", "був", "було", "які",
                    "також", "при", "або", "ми", "вони", "тільки", "із", "у"));

    private static final Map<Character.UnicodeScript, String> SCRIPTS = Map.of(
            Character.UnicodeScript.HANGUL, "ko",
            Character.UnicodeScript.HIRAGANA, "ja",
            Character.UnicodeScript.KATAKANA, "ja",
            Character.UnicodeScript.GREEK, "el",
            Character.UnicodeScript.HEBREW, "he",
            Character.UnicodeScript.THAI, "th");

    private LanguageGuess() {
    }

    /** A BCP 47 primary language tag, or null when the text does not tell clearly enough. */
    static String of(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
        String byScript = byScript(sample);
        return byScript != null ? byScript : byFunctionWords(sample);
    }

    private static String byScript(String sample) {
        Map<String, Integer> counts = new HashMap<>();
        int letters = 0;
        int han = 0;
        for (int i = 0; i < sample.length(); ) {
            int c = sample.codePointAt(i);
            i += Character.charCount(c);
            if (!Character.isLetter(c)) {
                continue;
            }
            letters++;
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script == Character.UnicodeScript.HAN) {
                han++;
            }
            String language = SCRIPTS.get(script);
            if (language != null) {
                counts.merge(language, 1, Integer::sum);
            }
        }
        if (letters < MIN_WORDS) {
            return null;
        }
        // Japanese mixes kana into Han text; Korean may carry a few Han characters.
        for (String language : List.of("ja", "ko", "el", "he", "th")) {
            if (counts.getOrDefault(language, 0) * 5 >= letters) {
                return language;
            }
        }
        return han * 2 >= letters ? "zh" : null;
    }

    private static String byFunctionWords(String sample) {
        String[] words = sample.toLowerCase(Locale.ROOT).split("[^\\p{L}]+");
        if (words.length < MIN_WORDS) {
            return null;
        }
        Map<String, Integer> hits = new HashMap<>();
        for (String word : words) {
            FUNCTION_WORDS.forEach((language, set) -> {
                if (set.contains(word)) {
                    hits.merge(language, 1, Integer::sum);
                }
            });
        }
        String best = null;
        int first = 0;
        int second = 0;
        for (Map.Entry<String, Integer> entry : hits.entrySet()) {
            if (entry.getValue() > first) {
                second = first;
                first = entry.getValue();
                best = entry.getKey();
            } else if (entry.getValue() > second) {
                second = entry.getValue();
            }
        }
        return first >= MIN_HITS && first >= second * 3 / 2 + 1 ? best : null;
    }
}
