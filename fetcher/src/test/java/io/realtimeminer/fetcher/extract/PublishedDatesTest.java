package io.realtimeminer.fetcher.extract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PublishedDatesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2025-04-29T18:31:03Z                | 2025-04-29T18:31:03Z",
            "2025-04-29T18:31:03.250+02:00       | 2025-04-29T16:31:03.250Z",
            "2025-04-29T18:31:03+0200            | 2025-04-29T16:31:03Z",
            "2025-04-29T18:31:03                 | 2025-04-29T18:31:03Z",
            "2025-04-29 18:31                    | 2025-04-29T18:31:00Z",
            "2006-01-11 16:43:22 -0800           | 2006-01-12T00:43:22Z",
            "2025-04-29                          | 2025-04-29T00:00:00Z",
            "Tue, 29 Apr 2025 18:31:03 GMT       | 2025-04-29T18:31:03Z",
            "Fri, 31 May 2019 12:17:58 -0700     | 2019-05-31T19:17:58Z",
            "29 Apr 2025 18:31 +0000             | 2025-04-29T18:31:00Z",
            "Tue, 29 Apr 2025 11:31:03 PDT       | 2025-04-29T18:31:03Z",
            "April 29, 2025                      | 2025-04-29T00:00:00Z",
            "1745951463                          | 2025-04-29T18:31:03Z",
            "1745951463123                       | 2025-04-29T18:31:03.123Z",
            "1595067967.0                        | 2020-07-18T10:26:07Z",
            "Lun, 26 juin 2017 10:00:00 +0200    | 2017-06-26T08:00:00Z",
            "Mi, 28 Mär 2018 09:15:00 +0100      | 2018-03-28T08:15:00Z",
            "Mittwoch, 28. März 2018 09:15       | 2018-03-28T09:15:00Z",
            "jue, 05 dic 2024 17:30:00 GMT       | 2024-12-05T17:30:00Z",
            "5 de dezembro de 2024 17:30         | 2024-12-05T17:30:00Z",
            "Sáb, 01 Fév 2025 07:00:00 +0000     | 2025-02-01T07:00:00Z",
            "mar, 11 ott 2022 08:00:00 +0200     | 2022-10-11T06:00:00Z",
            "26/06/2017 10:00                    | 2017-06-26T10:00:00Z",
            "26/06/2017                          | 2017-06-26T00:00:00Z",
            "26.06.2017 10:00:30                 | 2017-06-26T10:00:30Z",
            "3-1-2024 7:05                       | 2024-01-03T07:05:00Z",
    })
    void readsTheCommonFormatsWithoutAPattern(String text, String expected) {
        assertThat(PublishedDates.parse(text, null)).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', value = {
            "29.04.2025 18:31        | dd.MM.yyyy HH:mm                | 2025-04-29T18:31:00Z",
            "29/04/2025              | dd/MM/yyyy                      | 2025-04-29T00:00:00Z",
            "2025-04-29T18:31:03+02:00 | yyyy-MM-dd'T'HH:mm:ssXXX      | 2025-04-29T16:31:03Z",
            "Apr 29 2025 6:31 PM CEST | MMM d yyyy h:mm a z            | 2025-04-29T16:31:00Z",
    })
    void readsTheTemplatePattern(String text, String format, String expected) {
        assertThat(PublishedDates.parse(text, format)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {"yesterday | null", "'' | null", "null | null", "2025-13-45 | null", "29.04.2025 | yyyy-MM-dd"})
    void givesNothingForWhatIsNotADate(String text, String format) {
        assertThat(PublishedDates.parse(text, format)).isEmpty();
    }

    /** Dates that parse but that no item timestamp (epoch milliseconds) holds: they would fail the whole poll's send. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {"+999999999-12-31T23:59:59Z | null", "-999999999-01-01 | null",
            "999999999-01-01 00:00 | yyyy-MM-dd HH:mm"})
    void givesNothingForADateNoTimestampHolds(String text, String format) {
        assertThat(PublishedDates.parse(text, format)).isEmpty();
        assertThat(PublishedDates.epochSeconds(Long.MAX_VALUE)).isEmpty();
        assertThat(PublishedDates.epochSeconds(Instant.MAX.getEpochSecond())).isEmpty();
    }
}
