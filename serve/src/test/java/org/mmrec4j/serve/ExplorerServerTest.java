package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.data.UserItemIndex;

/**
 * The explorer's page and endpoints over HTTP (the browser test is cli's ExplorerBrowserTest): the token
 * rule, content types, only the run's own PNGs, and JSON that matches the run.
 */
class ExplorerServerTest {
    static final String TOKEN = "explorer-Token-1";
    @TempDir
    static Path shared;
    static TrainedModel model;
    static RecommendationIndex index;
    static RecommendServer server;
    static byte[] png;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Path data = TrainedRuns.demoWithIds(shared.resolve("demo"));
        Path run = TrainedRuns.train("VBPR", data, shared.resolve("run"), "epochs=2");
        Path plots = Files.createDirectory(run.resolve("plots"));
        var image = new java.io.ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), "png", image);
        png = image.toByteArray();
        Files.write(plots.resolve("train_loss.png"), png);
        Files.writeString(plots.resolve("train_loss.svg"), "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
        Files.write(plots.resolve("with space.png"), png);
        Files.writeString(shared.resolve("secret.png"), "outside the run");
        Files.createSymbolicLink(plots.resolve("link.png"), shared.resolve("secret.png"));
        model = TrainedModel.load(run);
        index = new RecommendationIndex(model);
        server = RecommendServer.start(index, RecommendServer.Options.of("127.0.0.1", 0, 2).withToken(TOKEN), Explorer.load(model, index));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> get(String target, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target)).timeout(Duration.ofSeconds(10));
        if (withToken) b.header("Authorization", "Bearer " + TOKEN);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(String target) throws Exception {
        HttpResponse<byte[]> r = get(target, true);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as("%s -> %s", target, body).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return new ObjectMapper().readTree(body);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void thePageNeedsNoTokenAndRunsOnlyItsOwnScriptWhileEveryDataPathNeedsIt() throws Exception {
        for (String[] page : new String[][] {{"/", "text/html"}, {"/explorer.js", "text/javascript"}, {"/explorer.css", "text/css"}}) {
            HttpResponse<byte[]> r = get(page[0], false);
            assertThat(r.statusCode()).as(page[0]).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith(page[1]);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'self'");
        }
        assertThat(new String(get("/", false).body(), StandardCharsets.UTF_8)).contains("<script src=\"explorer.js\"").doesNotContain("http://", "https://");
        for (String target : List.of("/run", "/users", "/history?user=x", "/item?id=x", "/plots/train_loss.png", "/recommend?user=x", "/index.html", "/nope")) {
            HttpResponse<byte[]> r = get(target, false);
            assertThat(r.statusCode()).as(target).isEqualTo(401);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"error\"");
        }
    }

    @Test
    void onlyThePlainPngsOfTheRunsPlotsFolderAreServed() throws Exception {
        JsonNode run = json("/run");
        assertThat(run.get("plots")).extracting(JsonNode::asText).containsExactly("train_loss.png");
        HttpResponse<byte[]> r = get("/plots/train_loss.png", true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(r.body()).isEqualTo(png);
        for (String target : List.of("/plots/train_loss.svg", "/plots/link.png", "/plots/with%20space.png", "/plots/../metrics.json",
                "/plots/%2e%2e/metrics.json", "/plots/..%2fmetrics.json", "/plots/", "/plots/%2e%2e%2f%2e%2e%2fsecret.png", "/../secret.png")) {
            HttpResponse<byte[]> bad = get(target, true);
            String body = new String(bad.body(), StandardCharsets.UTF_8);
            assertThat(bad.statusCode()).as("%s -> %s", target, body).isBetween(400, 499);
            assertThat(body).as(target).contains("\"error\"").doesNotContain("outside the run", "alert");
        }
    }

    @Test
    void runCarriesTheModelTheMetricsFileAndWhereTitlesCameFrom() throws Exception {
        JsonNode run = json("/run");
        assertThat(run.get("model").asText()).isEqualTo("VBPR");
        assertThat(run.get("best_epoch").asInt()).isEqualTo(model.bestEpoch());
        assertThat(run.get("users").asInt()).isEqualTo(index.numUsers());
        assertThat(run.get("similar_items").asBoolean()).isTrue();
        assertThat(run.get("item_text").asText()).isEqualTo("item_text.tsv (" + DemoDataset.NUM_ITEMS + " of " + DemoDataset.NUM_ITEMS + " items)");
        assertThat(run.get("metrics")).isEqualTo(new ObjectMapper().readTree(model.runDir().resolve("metrics.json").toFile()));
        assertThat(get("/run?x=1", true).statusCode()).isEqualTo(400);
    }

    @Test
    void usersAreSearchedBySubstringInIndexOrderUpToTheLimit() throws Exception {
        JsonNode all = json("/users");
        assertThat(all.get("users").asInt()).isEqualTo(index.numUsers());
        assertThat(all.get("matches").asInt()).isEqualTo(index.numUsers());
        assertThat(all.get("ids")).hasSize(Explorer.DEFAULT_USER_LIMIT);
        assertThat(all.get("ids").get(0).asText()).isEqualTo(index.userId(0));
        List<String> expected = new ArrayList<>();
        for (int u = 0; u < index.numUsers(); u++) if (index.userId(u).contains("33")) expected.add(index.userId(u));
        JsonNode found = json("/users?q=33&limit=1000");
        assertThat(found.get("matches").asInt()).isEqualTo(expected.size());
        assertThat(found.get("ids")).extracting(JsonNode::asText).containsExactlyElementsOf(expected);
        assertThat(json("/users?q=U-33&limit=2").get("ids")).hasSize(2);
        for (String bad : List.of("/users?limit=0", "/users?limit=1001", "/users?limit=x", "/users?other=1")) {
            assertThat(get(bad, true).statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void historyIsTheUsersTrainingItemsWithTheirTitles() throws Exception {
        int u = 17;
        JsonNode h = json("/history?user=" + enc(index.userId(u)));
        UserItemIndex train = model.data().train().byUser(index.numUsers());
        List<String> expected = new ArrayList<>();
        for (int j = train.start(u); j < train.end(u); j++) expected.add(index.itemId(train.items()[j]));
        assertThat(h.get("items")).extracting(i -> i.get("id").asText()).containsExactlyElementsOf(expected);
        assertThat(h.get("items").get(0).get("title").asText()).matches(".+ #" + train.items()[train.start(u)]);
        assertThat(h.get("items").get(0).get("training_users").asInt()).isPositive();
        assertThat(get("/history?user=nobody", true).statusCode()).isEqualTo(404);
        assertThat(get("/history", true).statusCode()).isEqualTo(400);
    }

    @Test
    void anItemIdWithACommaAndASpaceHasItsTitle() throws Exception {
        JsonNode item = json("/item?id=" + enc(index.itemId(50)));
        assertThat(item.get("id").asText()).isEqualTo("item 50,x");
        assertThat(item.get("title").asText()).endsWith(" #50");
        assertThat(item.get("description").asText()).contains("demo cluster");
        assertThat(get("/item?id=nothing", true).statusCode()).isEqualTo(404);
    }

    @Test
    void metricsCountTheExplorersPathsInTheirOwnBuckets() throws Exception {
        get("/", false);
        get("/users", true);
        JsonNode endpoints = json("/metrics").get("endpoints");
        assertThat(endpoints.has("/recommend")).isTrue();
        assertThat(endpoints.get("/").get("2xx").asLong()).isPositive();
        assertThat(endpoints.get("/users").get("2xx").asLong()).isPositive();
    }
}
