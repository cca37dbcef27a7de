package io.realtimeminer.fetcher.extract;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Month names of the languages feeds are commonly written in, full and abbreviated, to English abbreviations. */
final class MonthNames {

    private static final List<String> ENGLISH = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        // French, German, Spanish, Portuguese, Italian, Dutch; accents are folded before the look-up.
        month(1, "janvier", "janv", "januar", "jan", "jänner", "enero", "ene", "janeiro", "gennaio", "gen", "januari");
        month(2, "fevrier", "fevr", "fev", "februar", "feb", "febrero", "fevereiro", "febbraio", "februari");
        month(3, "mars", "marz", "marzo", "mar", "marco", "maart", "mrt");
        month(4, "avril", "avr", "april", "abril", "abr", "aprile", "apr");
        month(5, "mai", "mayo", "may", "maio", "maggio", "mag", "mei");
        month(6, "juin", "juni", "junio", "jun", "junho", "giugno", "giu");
        month(7, "juillet", "juil", "juli", "julio", "jul", "julho", "luglio", "lug");
        month(8, "aout", "august", "aug", "agosto", "ago", "augustus");
        month(9, "septembre", "sept", "september", "sep", "septiembre", "setembro", "set", "settembre");
        month(10, "octobre", "oct", "oktober", "okt", "octubre", "outubro", "out", "ottobre", "ott");
        month(11, "novembre", "nov", "november", "noviembre", "novembro");
        month(12, "decembre", "dec", "dezember", "dez", "diciembre", "dic", "dezembro", "dicembre", "december");
    }

    private MonthNames() {
    }

    private static void month(int number, String... names) {
        for (String name : names) {
            NAMES.put(name, ENGLISH.get(number - 1));
        }
    }

    /** The English abbreviation of a month name ("juin", "Mär.", "DEZ"), or null when it names none. */
    static String english(String word) {
        String folded = Normalizer.normalize(word, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace(".", "").toLowerCase(Locale.ROOT);
        return NAMES.get(folded);
    }
}
