package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.IdMap;
import org.mmrec4j.data.ItemTexts;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.serve.Explorer;
import org.mmrec4j.serve.RecommendServer;
import org.mmrec4j.serve.RecommendationIndex;
import org.mmrec4j.serve.TrainedModel;

/**
 * The explorer page in a real headless Chromium (Debian's chromium and chromium-driver): it picks a user and
 * checks the rendered lists against /recommend, /history and /similar, and that the run's plots and metrics
 * show. Skipped when either program is absent. Leaves screenshots in target/explorer-screenshot.png (the lists) and
 * target/explorer-run-screenshot.png (plots and metrics).
 */
class ExplorerBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPickedUsersListsMatchTheApiAndClickingAnItemShowsItsSimilarItems(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(WebDriver.CHROMIUM) && Files.isExecutable(WebDriver.CHROMEDRIVER),
                "explorer browser test skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        Path data = demoWithRawIds(tmp.resolve("demo"));
        Path run = tmp.resolve("run");
        CliTest.Result trained = CliTest.run("train", "--model", "VBPR", "--data", data.toString(), "--out", run.toString(), "--set", "epochs=3",
                "--threads", "2");
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(run.resolve("plots")).isDirectory();

        TrainedModel model = TrainedModel.load(run);
        RecommendationIndex index = new RecommendationIndex(model);
        try (RecommendServer server = RecommendServer.start(index, RecommendServer.Options.of("127.0.0.1", 0, 2), Explorer.load(model, index));
             WebDriver browser = new WebDriver(Files.createDirectory(tmp.resolve("chromium-profile")))) {
            String base = "http://127.0.0.1:" + server.port();
            browser.open(base + "/");
            waitFor(browser, "#user-list[data-state=ready] button");

            String user = index.userId(42);
            browser.type(browser.one("#user-search"), user);
            waitFor(browser, "#user-list button[data-user=\"" + user + "\"]");
            browser.click(browser.one("#user-list button[data-user=\"" + user + "\"]"));
            waitFor(browser, "#recommendations[data-state=ready][data-user=\"" + user + "\"]");
            waitFor(browser, "#history[data-state=ready][data-user=\"" + user + "\"]");

            JsonNode recommend = get(base + "/recommend?user=" + enc(user) + "&k=10");
            assertThat(renderedIds(browser, "#recommendations")).hasSize(10).containsExactlyElementsOf(ids(recommend.get("items")));
            JsonNode history = get(base + "/history?user=" + enc(user));
            assertThat(renderedIds(browser, "#history")).containsExactlyElementsOf(ids(history.get("items")));
            String first = recommend.get("items").get(0).get("id").asText();
            assertThat(browser.text(browser.one("#recommendations li:first-child .title"))).isEqualTo(get(base + "/item?id=" + enc(first)).get("title").asText());

            browser.click(browser.one("#recommendations li:nth-child(2)"));
            String second = recommend.get("items").get(1).get("id").asText();
            waitFor(browser, "#similar[data-state=ready][data-item=\"" + second + "\"]");
            assertThat(renderedIds(browser, "#similar")).containsExactlyElementsOf(ids(get(base + "/similar?item=" + enc(second) + "&k=10").get("items")));

            int plots = get(base + "/run").get("plots").size();
            assertThat(plots).isPositive();
            WebDriver.waitUntil(WAIT, "every plot drawn", () -> script(browser,
                    "return [...document.querySelectorAll('#plots img')].filter(i => i.complete && i.naturalWidth > 0).length").asInt() == plots);
            assertThat(browser.find("#metrics-table tr")).hasSizeGreaterThan(5);
            assertThat(browser.find("#error:not([hidden])")).isEmpty();

            Path shot = Path.of("target", "explorer-screenshot.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.screenshot());
            script(browser, "document.getElementById('run-panel').scrollIntoView(); return true");
            Files.write(Path.of("target", "explorer-run-screenshot.png"), browser.screenshot());
        }
    }

    /** The demo data with raw ids that need URL encoding (spaces, commas), and item_text.tsv keyed by them. */
    static Path demoWithRawIds(Path dir) {
        DemoDataset.generate(dir, 11);
        ItemTexts texts = ItemTexts.load(dir, DemoDataset.NUM_ITEMS, null);
        List<String> users = new ArrayList<>(), items = new ArrayList<>();
        for (int u = 0; u < DemoDataset.NUM_USERS; u++) users.add("user " + u);
        String[] titles = new String[DemoDataset.NUM_ITEMS], descriptions = new String[DemoDataset.NUM_ITEMS];
        for (int i = 0; i < DemoDataset.NUM_ITEMS; i++) {
            items.add("sku," + i);
            titles[i] = texts.title(i);
            descriptions[i] = texts.description(i);
        }
        IdMap.of(users).withColumns("user_id", "userID").save(dir.resolve("u_id_mapping.csv"));
        IdMap.of(items).withColumns("item_id", "itemID").save(dir.resolve("i_id_mapping.csv"));
        ItemTexts.write(dir, items.toArray(String[]::new), titles, descriptions);
        return dir;
    }

    static void waitFor(WebDriver browser, String css) {
        WebDriver.waitUntil(WAIT, "the page shows " + css, () -> {
            try {
                return !browser.find(css).isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    static JsonNode script(WebDriver browser, String body) {
        try {
            return browser.script(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> renderedIds(WebDriver browser, String list) {
        List<String> out = new ArrayList<>();
        script(browser, "return [...document.querySelectorAll('" + list + " li')].map(li => li.dataset.item)").forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", url, r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }
}
