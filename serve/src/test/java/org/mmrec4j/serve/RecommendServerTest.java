package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.models.block.Embeddings;

/** The HTTP endpoints against a VBPR run on the demo data, on an ephemeral loopback port. */
class RecommendServerTest {
    @TempDir
    static Path shared;
    static TrainedModel model;
    static RecommendationIndex index;
    static RecommendServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Path data = TrainedRuns.demoWithIds(shared.resolve("demo"));
        model = TrainedModel.load(TrainedRuns.train("VBPR", data, shared.resolve("run"), "epochs=3"));
        index = new RecommendationIndex(model);
        server = RecommendServer.start(index, "127.0.0.1", 0, 2);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    @Test
    void recommendReturnsTheIndexRankingWithExternalIdsAndNoSeenItems() {
        int u = 42;
        Http.Response r = http.get("/recommend?user=" + enc(index.userId(u)) + "&k=7");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("user").asText()).isEqualTo(index.userId(u));
        assertThat(j.get("k").asInt()).isEqualTo(7);
        RecommendationIndex.Ranked expected = index.recommend(u, 7, true);
        List<String> want = new ArrayList<>();
        for (int p = 0; p < expected.size(); p++) want.add(index.itemId(expected.items()[p]));
        assertThat(ids(j.get("items"))).isEqualTo(want);
        UserItemIndex seen = model.data().train().byUser(model.data().numUsers());
        for (int i : seen.itemsOf(u)) assertThat(ids(j.get("items"))).doesNotContain(index.itemId(i));
        double prev = Double.POSITIVE_INFINITY;
        for (JsonNode item : j.get("items")) {
            assertThat(item.get("score").asDouble()).isLessThanOrEqualTo(prev);
            prev = item.get("score").asDouble();
        }
    }

    @Test
    void recommendMatchesTheModelsScorerAndCanIncludeSeenItems() {
        int u = 7;
        float[] scores = new float[model.data().numItems()];
        try (var off = Grad.off()) {
            model.model().scorer().score(new int[] {u}, scores);
        }
        JsonNode j = http.get("/recommend?user=" + enc(index.userId(u)) + "&k=" + model.data().numItems() + "&exclude_seen=false").json();
        assertThat(j.get("items")).hasSize(model.data().numItems());
        for (JsonNode item : j.get("items")) {
            int i = index.itemIndex(item.get("id").asText());
            assertThat(item.get("score").floatValue()).isCloseTo(scores[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
        JsonNode defaults = http.get("/recommend?user=" + enc(index.userId(u))).json();
        assertThat(defaults.get("k").asInt()).isEqualTo(20);
    }

    @Test
    void similarRanksByCosineWithoutTheItemItself() {
        String item = index.itemId(3);
        JsonNode j = http.get("/similar?item=" + enc(item) + "&k=5").json();
        assertThat(ids(j.get("items"))).hasSize(5).doesNotContain(item);
        for (JsonNode i : j.get("items")) assertThat(i.get("score").asDouble()).isBetween(-1.0001, 1.0001);
        // An item with a comma in its external id round-trips.
        assertThat(http.get("/similar?item=" + enc(index.itemId(0)) + "&k=2").status()).isEqualTo(200);
    }

    @Test
    void coldItemsAreScoredFromTheirFeaturesAsTheContentHalfOfVbpr() {
        int u = 11, i = 5;
        FeatureMatrix image = model.data().features().get("image"), text = model.data().features().get("text");
        String body = "{\"user\": \"" + index.userId(u) + "\", \"items\": [{\"id\": \"new-1\", \"features\": {\"image\": "
                + row(image, i) + ", \"text\": " + row(text, i) + "}}]}";
        Http.Response r = http.post("/score-items", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode s = r.json().get("scores").get(0);
        assertThat(s.get("id").asText()).isEqualTo("new-1");
        // Cold h_i = [0; W x_i + b]: the score is the content half of the trained item's score.
        Embeddings e;
        try (var off = Grad.off()) {
            e = model.model().finalEmbeddings();
        }
        int d2 = e.users().cols(), half = d2 / 2;
        float expected = 0;
        for (int c = half; c < d2; c++) expected += e.users().data()[u * d2 + c] * e.items().data()[i * d2 + c];
        assertThat(s.get("score").floatValue()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4f));
    }

    static String row(FeatureMatrix m, int r) {
        StringBuilder sb = new StringBuilder("[");
        for (int c = 0; c < m.cols(); c++) sb.append(c == 0 ? "" : ",").append(m.get(r, c));
        return sb.append(']').toString();
    }

    @Test
    void healthAndMetricsReportTheModelAndRequestCounts() {
        JsonNode h = http.get("/health").json();
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("model").asText()).isEqualTo("VBPR");
        http.get("/recommend?user=" + enc(index.userId(1)));
        http.get("/recommend?user=nobody");
        JsonNode m = http.get("/metrics").json().get("endpoints").get("/recommend");
        assertThat(m.get("2xx").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(m.get("4xx").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(m.get("latency_ms").get("p99").asDouble()).isGreaterThan(0);
        assertThat(m.get("latency_ms").get("max").asDouble()).isGreaterThanOrEqualTo(m.get("latency_ms").get("p50").asDouble());
    }

    @Test
    void modelsWithoutFeaturePathsRefuseColdItemsAndCloseStopsServing(@TempDir Path tmp) throws Exception {
        Path data = TrainedRuns.demoWithIds(tmp.resolve("demo"));
        TrainedModel lgcn = TrainedModel.load(TrainedRuns.train("LightGCN", data, tmp.resolve("run"), "epochs=1"));
        RecommendationIndex idx = new RecommendationIndex(lgcn);
        RecommendServer s = RecommendServer.start(idx, "127.0.0.1", 0, 1);
        Http c = new Http(s.port());
        Http.Response r = c.post("/score-items", "{\"user\": \"" + idx.userId(0) + "\", \"items\": [{\"id\": \"x\", \"features\": {}}]}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("error").asText()).isEqualTo("model LightGCN cannot score items from features");
        assertThat(c.get("/similar?item=" + enc(idx.itemId(1)) + "&k=3").status()).isEqualTo(200);
        s.close();
        assertThatThrownBy(() -> c.get("/health")).isInstanceOf(AssertionError.class);
    }
}
