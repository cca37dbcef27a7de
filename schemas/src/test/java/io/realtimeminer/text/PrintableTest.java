package io.realtimeminer.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTest {

    @Test
    void replacesEscapesLineBreaksAndBidiOverridesAndKeepsEverythingElse() {
        assertThat(Printable.of("\u001b[31mred\u001b[0m")).isEqualTo("\uFFFD[31mred\uFFFD[0m");
        assertThat(Printable.of("ok\r\nFAKE log line")).isEqualTo("ok\uFFFD\uFFFDFAKE log line");
        assertThat(Printable.of("invoice\u202Efdp.exe")).isEqualTo("invoice\uFFFDfdp.exe");
        assertThat(Printable.of("Café 東京 — \"quoted\"\tand tab")).isEqualTo("Café 東京 — \"quoted\"\tand tab");
        assertThat(Printable.of(null)).isNull();
        assertThat(Printable.isPrintable("bbc-news")).isTrue();
        assertThat(Printable.isPrintable("bbc\u0007")).isFalse();
    }
}
