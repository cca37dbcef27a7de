package io.realtimeminer.fetcher.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OriginHeadersTest {

    private static final Map<String, String> TEMPLATE = Map.of("Authorization", "Bearer t0k3n", "X-Api-Key", "k", "Cookie", "s=1",
            "Accept-Language", "pt-BR", "If-None-Match", "\"v1\"");

    @Test
    void everyHeaderGoesToItsOwnOriginWhateverTheSpelling() {
        assertThat(OriginHeaders.forTarget(TEMPLATE, URI.create("https://api.example/v1/list"), URI.create("HTTPS://API.example:443/v1/item/7")))
                .isEqualTo(TEMPLATE);
    }

    @Test
    void anotherOriginGetsOnlyWhatCarriesNoCredential() {
        Map<String, String> expected = Map.of("Accept-Language", "pt-BR", "If-None-Match", "\"v1\"");
        URI origin = URI.create("https://api.example/v1/list");
        assertThat(OriginHeaders.forTarget(TEMPLATE, origin, URI.create("https://cdn.example/v1/item/7"))).isEqualTo(expected);
        assertThat(OriginHeaders.forTarget(TEMPLATE, origin, URI.create("http://api.example/v1/item/7"))).isEqualTo(expected);
        assertThat(OriginHeaders.forTarget(TEMPLATE, origin, URI.create("https://api.example:8443/v1/item/7"))).isEqualTo(expected);
    }
}
