package io.realtimeminer.fetcher.subscriptions;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Feed readers' exports as they write them: Miniflux, FreshRSS, NetNewsWire (OPML 1.1) and Feedly (OPML 1.0). */
class OpmlFileTest {

    @Test
    void minifluxFoldersBecomeTags() throws Exception {
        assertThat(read("miniflux.opml")).extracting(Subscription::title, Subscription::url, Subscription::htmlUrl, Subscription::folders)
                .containsExactly(
                        tuple("Ars Technica", "https://feeds.arstechnica.com/arstechnica/index", "https://arstechnica.com", List.of("All")),
                        tuple("LWN.net", "https://lwn.net/headlines/rss", "https://lwn.net", List.of("All")),
                        tuple("Quanta Magazine", "https://www.quantamagazine.org/feed/", "https://www.quantamagazine.org",
                                List.of("Science")));
    }

    @Test
    void freshRssTextIsTheTitleAndItsOwnAttributesAreIgnored() throws Exception {
        assertThat(read("freshrss.opml")).extracting(Subscription::title, Subscription::url, Subscription::folders).containsExactly(
                tuple("Hacker News: Front Page", "https://hnrss.org/frontpage", List.of("Uncategorized")),
                tuple("Le Monde.fr - Actualités et Infos en France et dans le monde", "https://www.lemonde.fr/rss/une.xml",
                        List.of("Actualités")),
                tuple("Folha de S.Paulo", "https://feeds.folha.uol.com.br/emcimadahora/rss091.xml", List.of("Actualités")));
    }

    @Test
    void netNewsWireOpml11WithTopLevelAndNestedFeeds() throws Exception {
        assertThat(read("netnewswire.opml")).extracting(Subscription::title, Subscription::url, Subscription::folders).containsExactly(
                tuple("Daring Fireball", "https://daringfireball.net/feeds/main", List.of()),
                tuple("The Verge", "https://www.theverge.com/rss/index.xml", List.of("Tech")),
                tuple("Six Colors", "https://feedpress.me/sixcolors", List.of("Tech")));
    }

    @Test
    void feedlyOpml10WithEscapedTitles() throws Exception {
        List<Subscription> feedly = read("feedly.opml");
        assertThat(feedly).hasSize(4);
        assertThat(feedly.get(1).title()).isEqualTo("NYT > World News");
        assertThat(feedly.get(1).folders()).containsExactly("News");
        assertThat(feedly.get(3).folders()).containsExactly("Dev");
    }

    @Test
    void nestedFoldersCategoriesAndPageOnlyOutlines() throws Exception {
        String opml = """
                <?xml version="1.0"?>
                <opml version="2.0"><head><title>t</title></head><body>
                  <outline text="World"><outline text="Europe">
                    <outline text="A feed" xmlUrl="https://a.example/feed" category="/Politics/EU,daily"/>
                    <outline text="A page" htmlUrl="https://b.example/"/>
                    <outline text="Nothing to follow"/>
                  </outline></outline>
                </body></opml>
                """;
        List<Subscription> found = OpmlFile.read(opml.getBytes(StandardCharsets.UTF_8));
        assertThat(found).extracting(Subscription::title, Subscription::address, Subscription::folders).containsExactly(
                tuple("A feed", "https://a.example/feed", List.of("World", "Europe", "Politics", "EU", "daily")),
                tuple("A page", "https://b.example/", List.of("World", "Europe")));
    }

    @Test
    void anExportReadsBackAsItWasWritten() throws Exception {
        List<Subscription> sources = List.of(
                new Subscription("Top", "https://t.example/feed", null, List.of()),
                new Subscription("Tagged & <escaped>", "https://a.example/rss?x=1&y=2", null, List.of("News", "World")),
                new Subscription("Also news", "https://b.example/atom", null, List.of("News")));

        String opml = OpmlFile.write("realtime-miner sources", sources);

        assertThat(opml).contains("<opml version=\"2.0\"");
        assertThat(OpmlFile.read(opml.getBytes(StandardCharsets.UTF_8))).containsExactlyInAnyOrderElementsOf(sources);
    }

    @Test
    void aFeedOrAnythingElseIsNotASubscriptionList() {
        String rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><link>https://x.example/</link>"
                + "<description>d</description></channel></rss>";
        assertThatThrownBy(() -> OpmlFile.read(rss.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OpmlFile.UnreadableListException.class).hasMessageContaining("rss_2.0 feed")
                .hasMessageContaining("subscription list (OPML)");
        assertThatThrownBy(() -> OpmlFile.read("name,url\nx,https://x.example/".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OpmlFile.UnreadableListException.class).hasMessageStartingWith("not an OPML document");
    }

    private static List<Subscription> read(String name) throws IOException {
        try (InputStream in = OpmlFileTest.class.getResourceAsStream("/opml/" + name)) {
            return OpmlFile.read(in.readAllBytes());
        }
    }
}
