package io.realtimeminer.fetcher.sites;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class SitesTest {

    @Test
    void hostsOfOneRegisteredDomainAreOneSite() {
        assertThat(Sites.ofHost("www.bbc.co.uk")).isEqualTo("bbc.co.uk");
        assertThat(Sites.ofHost("feeds.bbc.co.uk")).isEqualTo("bbc.co.uk");
        assertThat(Sites.ofHost("hacker-news.firebaseio.com")).isEqualTo("firebaseio.com");
        assertThat(Sites.of(URI.create("https://News.Example.COM./feed.xml"))).isEqualTo("example.com");
        assertThat(Sites.of(URI.create("https://example.com:8443/a"))).as("the port is not part of a site").isEqualTo("example.com");
    }

    @Test
    void privateSuffixesSeparateTheirOwners() {
        assertThat(Sites.ofHost("alice.github.io")).isEqualTo("alice.github.io");
        assertThat(Sites.ofHost("bob.github.io")).isEqualTo("bob.github.io");
        assertThat(Sites.ofHost("www.alice.blogspot.com")).isEqualTo("alice.blogspot.com");
    }

    @Test
    void addressesBareNamesAndSuffixesAreTheirOwnSite() {
        assertThat(Sites.ofHost("127.0.0.5")).isEqualTo("127.0.0.5");
        assertThat(Sites.of(URI.create("http://[::1]:8080/feed"))).isEqualTo("[::1]");
        assertThat(Sites.ofHost("localhost")).isEqualTo("localhost");
        assertThat(Sites.ofHost("co.uk")).isEqualTo("co.uk");
    }
}
