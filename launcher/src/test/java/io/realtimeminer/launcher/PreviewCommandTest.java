package io.realtimeminer.launcher;

import com.sun.net.httpserver.HttpServer;
import io.realtimeminer.fetcher.FetcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code miner preview} as a user runs it: on a saved page, and against a (local) live source. */
class PreviewCommandTest {

    private static final String NEWS_PAGE = """
            <html><head><base href="/news/"></head><body>
            <article class="post"><h2><a href="2025/first.html">First   story</a></h2><time datetime="2025-04-29T18:31:03Z">today</time>
              <span class="by">Ann</span></article>
            <article class="post"><h2><a href="https://elsewhere.example/2">Second story</a></h2><time datetime="soon">?</time></article>
            <article class="post"><div class="ad">Buy now</div></article>
            </body></html>""";
    private static final String NEWS_TEMPLATE = """
            {"id":"example-news","url":"%s","kind":"html","headers":{"Accept-Language":"en"},
             "extract":{"items":"article.post","fields":{"title":"h2 a","link":"h2 a@href","author":".by",
               "published":{"select":"time","attr":"datetime"}}}}""";

    @TempDir
    Path dir;
    private HttpServer server;
    private final Map<String, String> requestHeaders = Collections.synchronizedMap(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        route("/news/index.html", "text/html; charset=utf-8", NEWS_PAGE);
        route("/v0/newstories.json", "application/json", "[3, 2, 1]");
        route("/v0/item/3.json", "application/json", """
                {"by":"tel","id":3,"time":1203647620,"title":"Ask HN: The Arc Effect","type":"story","text":"<i>or</i> HN"}""");
        route("/v0/item/2.json", "application/json", "{\"deleted\":true,\"id\":2,\"time\":1203647000,\"type\":\"story\"}");
        route("/v0/item/1.json", "application/json", """
                {"by":"dhouston","id":1,"time":1175714200,"title":"My YC app: Dropbox","type":"story","url":"http://www.getdropbox.com/u/2/screencast.html"}""");
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void printsTheItemsOfASavedPageWithItsLinksResolvedAndTheWarnings() throws IOException {
        Path template = write("news.json", NEWS_TEMPLATE.formatted("https://news.example/news/index.html"));
        Path page = write("page.html", NEWS_PAGE);

        Run run = preview(template.toString(), "--file", page.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.lines()).contains("Template example-news (html): https://news.example/news/index.html", "2 items");
        assertThat(run.lines()).anySatisfy(line -> assertThat(line).contains("id", "title", "link", "published", "author"));
        assertThat(run.lines()).anySatisfy(line -> assertThat(line).startsWith("1  ")
                .contains("First story", "https://news.example/news/2025/first.html", "2025-04-29T18:31:03Z", "Ann"));
        assertThat(run.lines()).anySatisfy(line -> assertThat(line).startsWith("2  ").contains("Second story", "https://elsewhere.example/2"));
        assertThat(run.lines()).contains(
                "Warning: 1 item without title, link or id skipped",
                "Warning: 1 published value not readable as dates, e.g. 'soon'");
    }

    @Test
    void fetchesTheSourceWithTheTemplateHeaders() throws IOException {
        Path template = write("news.json", NEWS_TEMPLATE.formatted(base() + "/news/index.html"));

        Run run = preview(template.toString(), LOCAL);

        assertThat(run.exitCode).isZero();
        assertThat(run.lines()).contains("2 items");
        assertThat(run.out).contains(base() + "/news/2025/first.html");
        assertThat(requestHeaders.get("Accept-Language")).isEqualTo("en");
        // The fetchers' engine, User-Agent included: a preview sees what they see.
        assertThat(requestHeaders.get("User-Agent")).isEqualTo(new FetcherConfig(Map.of()).userAgent());
    }

    /** The fetchers' address guard applies: a local site needs the setting, as it does for them. */
    @Test
    void refusesAPrivateAddressUnlessTheSettingAllowsIt() throws IOException {
        Path template = write("news.json", NEWS_TEMPLATE.formatted(base() + "/news/index.html"));

        Run run = preview(template.toString());

        assertThat(run.exitCode).isEqualTo(PreviewCommand.SOURCE_FAILED);
        assertThat(run.out).contains("is loopback; set http.allow.private.addresses=true to allow");
    }

    @Test
    void showsWhatThePollerSendsWarnsAboutDuplicatesAndPrintsJsonOrWideTables() throws IOException {
        route("/dup", "text/html; charset=utf-8", """
                <article class="post"><h2><a href="/same">東京の長いニュースの見出しがここに入ります、とても長い</a></h2></article>
                <article class="post"><h2><a href="/same">The same link again</a></h2></article>
                <article class="post"><h2><a href="/other">Another story</a></h2></article>""");
        Path template = write("dup.json", NEWS_TEMPLATE.formatted(base() + "/dup"));

        Run table = preview(template.toString(), LOCAL);
        assertThat(table.lines()).contains("2 items").anySatisfy(line -> assertThat(line).startsWith("Warning: item 'The same link again'"
                + " left out: same link '" + base() + "/same' as the earlier item '東京の長いニュースの見出しがここに入ります、とても長い'"));
        // Wide characters take two cells: the link column starts at the same place on every row.
        List<String> rows = table.lines().stream().filter(line -> line.startsWith("1  ") || line.startsWith("2  ")).toList();
        assertThat(rows).hasSize(2);
        assertThat(ItemTable.cells(rows.get(0).substring(0, rows.get(0).indexOf(base() + "/same"))))
                .isEqualTo(ItemTable.cells(rows.get(1).substring(0, rows.get(1).indexOf(base() + "/other"))));

        Run json = preview(template.toString(), LOCAL, "--json");
        assertThat(json.lines()).filteredOn(line -> line.startsWith("{")).hasSize(2)
                .first().asString().contains("\"title\":\"東京の長いニュースの見出しがここに入ります、とても長い\"", "\"url\":\"" + base() + "/same\"");

        Run wide = preview(template.toString(), LOCAL, "--wide");
        assertThat(wide.out).contains("東京の長いニュースの見出しがここに入ります、とても長い");
    }

    @Test
    void completesHackerNewsItemsAndSaysWhichWereDropped() throws IOException {
        Path template = write("hn-new.json", "{\"url\":\"" + base() + "/v0/newstories.json\",\"kind\":\"hackernews\"}");

        Run run = preview(template.toString(), LOCAL);

        assertThat(run.exitCode).isZero();
        assertThat(run.lines()).contains("Template hn-new (hackernews): " + base() + "/v0/newstories.json", "2 items");
        assertThat(run.lines()).anySatisfy(line -> assertThat(line).startsWith("1  ")
                .contains("3", "Ask HN: The Arc Effect", "https://news.ycombinator.com/item?id=3", "2008-02-22T02:33:40Z", "tel"));
        assertThat(run.lines()).anySatisfy(line -> assertThat(line).startsWith("2  ")
                .contains("My YC app: Dropbox", "http://www.getdropbox.com/u/2/screencast.html", "dhouston"));
        assertThat(run.lines()).contains("Warning: 1 item left out: its detail document says it is deleted or dead");
    }

    @Test
    void readsOnlyTheIdListOfHackerNewsFromAFile() throws IOException {
        Path template = write("hn.json", "{\"id\":\"hn\",\"url\":\"https://hacker-news.firebaseio.com/v0/newstories.json\",\"kind\":\"hackernews\"}");

        Run run = preview(template.toString(), "--file", write("ids.json", "[43833829, 43833828]").toString(), "--key", "hn");

        assertThat(run.exitCode).isZero();
        assertThat(run.lines()).contains("2 items",
                "Warning: detail documents are not fetched with --file: items show what the list gives");
        assertThat(run.out).contains("43833829", "43833828");
    }

    @Test
    void printsEveryViolationOfAnInvalidTemplateAndExitsWith2() throws IOException {
        Path template = write("broken.json", """
                {"url":"ftp://example.org/","kind":"html","interval":"PT1S","extract":{"items":"div[","fields":{"titel":"h2"}}}""");

        Run run = preview(template.toString());

        assertThat(run.exitCode).isEqualTo(PreviewCommand.INVALID_TEMPLATE);
        assertThat(run.lines().get(0)).isEqualTo("Template broken is invalid (5 problems):");
        assertThat(run.lines()).contains(
                "  $.url: must be an absolute http or https URL",
                "  $.interval: PT1S is shorter than the minimum PT5S",
                "  $.extract.fields: needs a title or a link");
        assertThat(run.out).contains("$.extract.items: not a valid CSS selector", "$.extract.fields.titel: unknown field");
    }

    @Test
    void saysATemplateFileIsNotUtf8WithoutAStackTrace() throws IOException {
        Path template = Files.write(dir.resolve("latin1.json"),
                "{\"url\":\"https://example.org/\",\"kind\":\"feed\",\"name\":\"Caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        Run run = preview(template.toString());

        assertThat(run.exitCode).isEqualTo(PreviewCommand.INVALID_TEMPLATE);
        assertThat(run.out).isEqualTo("Template file " + template + " is not UTF-8 text: save it as UTF-8 (JSON is UTF-8)" + System.lineSeparator());
    }

    @Test
    void printsNoEscapeSequenceAServerSent() throws IOException {
        route("/ansi", "text/html; charset=utf-8", "<article class=\"post\"><h2><a href=\"/1\">\u001b[2JCleared</a></h2></article>");
        Path template = write("ansi.json", NEWS_TEMPLATE.formatted(base() + "/ansi"));

        Run run = preview(template.toString(), LOCAL);

        assertThat(run.out).doesNotContain("\u001b").contains("[2JCleared");
    }

    @Test
    void aFailureOfAnyCommandIsOneLineAndNoStackTrace() {
        StringWriter err = new StringWriter();
        // The handler main() installs on every command.
        CommandLine failing = new CommandLine(new FailingCommand()).setErr(new PrintWriter(err))
                .setExecutionExceptionHandler(Miner::failed);

        assertThat(failing.execute()).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: could not start (connection refused)" + System.lineSeparator());
    }

    @CommandLine.Command(name = "failing")
    static final class FailingCommand implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("could not start", new java.net.ConnectException("connection refused"));
        }
    }

    @Test
    void exitsWith1WhenTheSourceCannotBeFetched() throws IOException {
        Path template = write("gone.json", NEWS_TEMPLATE.formatted(base() + "/no-such-page"));

        Run run = preview(template.toString(), LOCAL);

        assertThat(run.exitCode).isEqualTo(PreviewCommand.SOURCE_FAILED);
        assertThat(run.out).contains("Cannot read " + base() + "/no-such-page: HTTP 404");
    }

    @Test
    void isASubcommandOfMiner() {
        assertThat(new CommandLine(new Miner()).getSubcommands()).containsKey("preview");
    }

    /** The fetchers' setting that lets them reach this test's local server. */
    private static final String LOCAL = "-Dhttp.allow.private.addresses=true";

    private record Run(int exitCode, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Run preview(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new PreviewCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(out));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void route(String path, String contentType, String body) {
        server.createContext(path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getRequestHeaders().forEach((name, values) -> requestHeaders.put(name, values.get(0)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
