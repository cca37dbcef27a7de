package io.realtimeminer.net;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class UrlLoginTest {

    @Test
    void aUrlMayCarryAPercentEncodedLoginThatNeverShowsWhenPrinted() {
        String url = "https://miner:s%40cr%3Aet@registry.example:8443/apis";

        UrlLogin login = UrlLogin.of(url).orElseThrow();

        assertThat(login).isEqualTo(new UrlLogin("miner", "s@cr:et"));
        assertThat(login.toString()).doesNotContain("s@cr:et");
        assertThat(UrlLogin.strip(url)).isEqualTo("https://registry.example:8443/apis");
        assertThat(new String(Base64.getDecoder().decode(login.basicAuthorization().substring("Basic ".length())),
                StandardCharsets.UTF_8)).isEqualTo("miner:s@cr:et");
    }

    @Test
    void aLoginPutIntoAUrlReadsBackTheSame() {
        UrlLogin login = new UrlLogin("connect user", "a/b@c:d e+f");

        String url = login.into("http://127.0.0.1:8083");

        assertThat(UrlLogin.of(url)).contains(login);
        assertThat(UrlLogin.strip(url)).isEqualTo("http://127.0.0.1:8083");
    }

    @Test
    void addressesThatAreNoUrlsAreShownAsTheyAre() {
        assertThat(UrlLogin.strip("127.0.0.1:9092")).isEqualTo("127.0.0.1:9092");
        assertThat(UrlLogin.strip("h1:9092,h2:9092")).isEqualTo("h1:9092,h2:9092");
        assertThat(UrlLogin.strip("jdbc:postgresql://127.0.0.1:5432/miner")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/miner");
        assertThat(UrlLogin.strip("http://127.0.0.1:8083/a@b")).isEqualTo("http://127.0.0.1:8083/a@b");
    }

    @Test
    void aPlainUrlHasNoLogin() {
        assertThat(UrlLogin.of("http://127.0.0.1:8081")).isEmpty();
        assertThat(UrlLogin.strip("http://127.0.0.1:8081")).isEqualTo("http://127.0.0.1:8081");
    }
}
