package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Malformed requests of every kind get a 4xx with a JSON {"error": ...} body, never a 5xx or a stack
 * trace, and the server keeps serving valid requests afterwards.
 */
class ServerFuzzTest {
    @TempDir
    static Path shared;
    static RecommendationIndex index;
    static RecommendServer server;
    static Http http;

    record Bad(String method, String target, byte[] body) {
        @Override
        public String toString() {
            return method + " " + (target.length() > 100 ? target.substring(0, 100) + "..." : target)
                    + (body == null ? "" : " (" + body.length + " bytes)");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path data = TrainedRuns.demoWithIds(shared.resolve("demo"));
        index = new RecommendationIndex(TrainedModel.load(TrainedRuns.train("VBPR", data, shared.resolve("run"), "epochs=1")));
        server = RecommendServer.start(index, "127.0.0.1", 0, 2);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Bad get(String target) {
        return new Bad("GET", target, null);
    }

    static Bad post(String target, String body) {
        return new Bad("POST", target, body.getBytes(StandardCharsets.UTF_8));
    }

    static String vector(int n, String value) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(value);
        return sb.append(']').toString();
    }

    static List<Bad> malformed() {
        String user = URLEncoder.encode(index.userId(0), StandardCharsets.UTF_8);
        String item = URLEncoder.encode(index.itemId(1), StandardCharsets.UTF_8);
        String u = "\"" + index.userId(0) + "\"";
        String goodFeatures = "{\"image\": " + vector(32, "0.1") + ", \"text\": " + vector(16, "0.2") + "}";
        List<Bad> all = new ArrayList<>(List.of(
                get("/recommend"),
                get("/recommend?user="),
                get("/recommend?user=nobody"),
                get("/recommend?user=%FF%FE"),
                get("/recommend?user=%C3%28"),
                get("/recommend?user=" + user + "&k=-1"),
                get("/recommend?user=" + user + "&k=0"),
                get("/recommend?user=" + user + "&k=abc"),
                get("/recommend?user=" + user + "&k=1.5"),
                get("/recommend?user=" + user + "&k="),
                get("/recommend?user=" + user + "&k=99999999999999999999999999"),
                get("/recommend?user=" + user + "&k=" + (index.numItems() + 1)),
                get("/recommend?user=" + user + "&exclude_seen=maybe"),
                get("/recommend?user=" + user + "&user=" + user),
                get("/recommend?user=" + user + "&foo=1"),
                get("/recommend?user=" + "x".repeat(20_000)),
                new Bad("POST", "/recommend?user=" + user, new byte[0]),
                new Bad("DELETE", "/recommend?user=" + user, null),
                new Bad("PUT", "/recommend?user=" + user, "{}".getBytes(StandardCharsets.UTF_8)),
                new Bad("PATCH", "/health", null),
                new Bad("OPTIONS", "/metrics", null),
                get("/similar"),
                get("/similar?item=nothing"),
                get("/similar?item=" + item + "&k=-5"),
                get("/similar?item=" + item + "&k=1e3"),
                new Bad("POST", "/similar?item=" + item, new byte[0]),
                get("/score-items"),
                get("/nope"),
                get("/"),
                get("/recommend/extra?user=" + user),
                post("/score-items", ""),
                post("/score-items", "not json"),
                post("/score-items", "[1, 2]"),
                post("/score-items", "{\"user\": " + u + "}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": []}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": {}}"),
                post("/score-items", "{\"user\": \"nobody\", \"items\": [{\"id\": \"a\", \"features\": " + goodFeatures + "}]}"),
                post("/score-items", "{\"items\": [{\"id\": \"a\", \"features\": " + goodFeatures + "}]}"),
                post("/score-items", "{\"user\": {\"x\": 1}, \"items\": []}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": {\"image\": " + vector(31, "0.1")
                        + ", \"text\": " + vector(16, "0.2") + "}}]}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": {\"image\": " + vector(32, "0.1") + "}}]}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": {\"image\": " + vector(32, "0.1")
                        + ", \"text\": " + vector(16, "0.2") + ", \"audio\": [1]}}]}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": {\"image\": " + vector(32, "\"x\"")
                        + ", \"text\": " + vector(16, "0.2") + "}}]}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": {\"image\": " + vector(32, "1e999")
                        + ", \"text\": " + vector(16, "0.2") + "}}]}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": [1, 2]}]}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [42]}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"features\": " + goodFeatures + "}]}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": " + goodFeatures + "}]} trailing"),
                post("/score-items", "{\"user\": " + u + ", \"user\": " + u + ", \"items\": []}"),
                post("/score-items", "{\"user\": " + u + ", \"items\": [], \"extra\": 1}"),
                post("/score-items", "[".repeat(5000) + "]".repeat(5000)),
                post("/score-items", "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": " + goodFeatures + "}"),
                new Bad("POST", "/score-items", new byte[] {'{', '"', 'u', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'}),
                new Bad("POST", "/score-items", new byte[] {(byte) 0xC3, (byte) 0x28}),
                new Bad("POST", "/score-items", ("{\"user\": " + u + ", \"items\": [{\"id\": \"" + "a".repeat(RecommendServer.MAX_BODY_BYTES) + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8)),
                new Bad("POST", "/score-items", new byte[3 * RecommendServer.MAX_BODY_BYTES])));
        StringBuilder many = new StringBuilder("{\"user\": " + u + ", \"items\": [");
        for (int i = 0; i <= RecommendServer.MAX_COLD_ITEMS; i++) many.append(i == 0 ? "" : ",").append("{\"id\": \"c").append(i).append("\", \"features\": {}}");
        all.add(post("/score-items", many.append("]}").toString()));
        return all;
    }

    @Test
    void everyMalformedRequestGetsA4xxWithAJsonErrorAndTheServerStaysUp() {
        List<Bad> requests = malformed();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(40);
        for (Bad b : requests) {
            Http.Response r = http.send(b.method(), b.target(), b.body());
            assertThat(r.status()).as("%s -> %s", b, r.body()).isBetween(400, 499);
            JsonNode j = r.json();
            assertThat(j.has("error")).as("%s -> %s", b, r.body()).isTrue();
            assertThat(j.get("error").asText()).as("%s", b).doesNotContain("Exception", "\tat ", "org.mmrec4j");
        }
        Http.Response ok = http.get("/recommend?user=" + URLEncoder.encode(index.userId(5), StandardCharsets.UTF_8) + "&k=3");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("items")).hasSize(3);
        JsonNode metrics = http.get("/metrics").json().get("endpoints");
        long serverErrors = 0;
        for (JsonNode e : metrics) serverErrors += e.get("5xx").asLong();
        assertThat(serverErrors).isZero();
    }

    /**
     * Request lines that are not valid URIs, or not valid request lines, are client errors with the same
     * JSON error as any other bad request, and the server survives them.
     */
    @Test
    void requestLinesThatAreNotUrisAreRejectedWithAJson400() {
        for (String target : List.of("/recommend?user=%ZZ", "/recommend?user=abc%")) {
            Http.Response r = http.raw("GET", target.getBytes(StandardCharsets.ISO_8859_1), null);
            assertThat(r.status()).as(target).isEqualTo(400);
            assertThat(r.json().has("error")).as(target).isTrue();
        }
        // A bare space inside the target makes the request line malformed (RFC 9112 3): 400, not a guess at the target.
        Http.Response space = http.raw("GET", "/recommend?user=a b".getBytes(StandardCharsets.ISO_8859_1), null);
        assertThat(space.status()).isEqualTo(400);
        assertThat(space.json().has("error")).isTrue();
        byte[] rawBytes = {'/', 'r', 'e', 'c', 'o', 'm', 'm', 'e', 'n', 'd', '?', 'u', 's', 'e', 'r', '=', (byte) 0xFF, (byte) 0xFE};
        assertThat(http.raw("GET", rawBytes, null).status()).isBetween(400, 499);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void wrongMethodSaysWhichIsAllowedAndHeadGetsNoBody() {
        Http.Response r = http.send("DELETE", "/health", null);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.json().get("error").asText()).contains("use GET");
        assertThat(http.send("HEAD", "/health", null).status()).isEqualTo(405);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }
}
