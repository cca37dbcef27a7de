package io.realtimeminer.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalUrlTest {

    private final CanonicalUrl canonical = new CanonicalUrl();

    @Test
    void theSameStoryLinkedTwoWaysHasOneCanonicalForm() {
        assertThat(canonical.of("HTTP://Example.com:80/a?utm_source=x&b=2&a=1#top")).contains("http://example.com/a?a=1&b=2");
        assertThat(canonical.of("http://example.com/a?a=1&b=2")).contains("http://example.com/a?a=1&b=2");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " -> ", value = {
            // scheme and host lower-cased, default ports dropped, other ports kept
            "HTTPS://WWW.Example.COM/Path -> https://www.example.com/Path",
            "https://example.com:443/a -> https://example.com/a",
            "http://example.com:8080/a -> http://example.com:8080/a",
            "https://example.com:80/a -> https://example.com:80/a",
            // the fragment and user info go
            "https://example.com/a#comments -> https://example.com/a",
            "https://ann:secret@example.com/a -> https://example.com/a",
            // trailing slash: root always /, other paths without
            "https://example.com -> https://example.com/",
            "https://example.com/ -> https://example.com/",
            "https://example.com/news/story/ -> https://example.com/news/story",
            "https://example.com/news// -> https://example.com/news",
            "https://example.com/a/?x=1 -> https://example.com/a?x=1",
            // dot and empty segments
            "https://example.com/a/./b//c/../d -> https://example.com/a/b/d",
            // percent-encoding: unreserved decoded, others upper-cased, unsafe characters escaped
            "https://example.com/%7Euser/%61 -> https://example.com/~user/a",
            "https://example.com/a%2fb -> https://example.com/a%2Fb",
            "https://example.com/caf%c3%a9 -> https://example.com/caf%C3%A9",
            "https://example.com/café -> https://example.com/caf%C3%A9",
            "https://example.com/?q=caf%c3%a9 -> https://example.com/?q=caf%C3%A9",
            "https://example.com/?q=%41%2b -> https://example.com/?q=A%2B",
            // the crawler-commons 1.6 defect this class works around: a decoded path escape before a query
            "https://example.com/%7Eu?q=1&b=2 -> https://example.com/~u?b=2&q=1",
            // internationalised host in punycode
            "https://Bücher.example/a -> https://xn--bcher-kva.example/a",
            // query: sorted by name, same names keep their order, empty names and empty queries go
            "https://example.com/a?b=2&a=3&a=1 -> https://example.com/a?a=3&a=1&b=2",
            "https://example.com/a? -> https://example.com/a",
            "https://example.com/a?&&b=1 -> https://example.com/a?b=1",
            // tracking parameters, whatever their case, prefixes included
            "https://example.com/a?UTM_Source=x&utm_medium=y&id=7 -> https://example.com/a?id=7",
            "https://example.com/a?fbclid=1&gclid=2&msclkid=3&mc_cid=4&mc_eid=5 -> https://example.com/a",
            "https://example.com/a?igshid=1&ref_src=2&_hsenc=3&_hsmi=4&yclid=5&dclid=6 -> https://example.com/a",
            "https://example.com/a?utm_source=x -> https://example.com/a",
            // a parameter that merely starts like one is kept
            "https://example.com/a?fbclidx=1 -> https://example.com/a?fbclidx=1",
            "https://example.com/a?ref=home -> https://example.com/a?ref=home",
    })
    void normalises(String url, String expected) {
        assertThat(canonical.of(url)).contains(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "/relative/path", "example.com/a", "mailto:ann@example.com", "ftp://example.com/a",
            "javascript:alert(1)", "http://", "https://exa mple.com/a", "http://[::1:80/x"})
    void hasNoCanonicalFormForWhatIsNotAnAbsoluteHttpLink(String url) {
        assertThat(canonical.of(url)).isEmpty();
    }

    @Test
    void theTrackingListIsConfigurable() {
        CanonicalUrl custom = new CanonicalUrl(List.of("sessionid", "pk_*", " Ref "));
        assertThat(custom.of("https://example.com/a?sessionid=1&pk_campaign=2&ref=3&utm_source=4&id=5"))
                .contains("https://example.com/a?id=5&utm_source=4");
        assertThat(new CanonicalUrl(List.of()).of("https://example.com/a?utm_source=x")).contains("https://example.com/a?utm_source=x");
    }

    @Test
    void isIdempotent() {
        for (String url : List.of("HTTP://Example.com:80/a/?utm_source=x&b=2&a=1#top", "https://example.com/%7Eu/caf%c3%a9?q=%41",
                "https://Bücher.example/x//y/../z/")) {
            String once = canonical.of(url).orElseThrow();
            assertThat(canonical.of(once)).contains(once);
        }
    }
}
