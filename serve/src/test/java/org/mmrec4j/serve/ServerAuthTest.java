package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a token, every endpoint, /metrics and unknown paths included, needs Authorization: Bearer TOKEN. */
class ServerAuthTest {
    static final String TOKEN = "k3y-Abc.123_xyz";
    @TempDir
    static Path shared;
    static RecommendationIndex index;
    static RecommendServer server;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path data = TrainedRuns.demoWithIds(shared.resolve("demo"));
        index = new RecommendationIndex(TrainedModel.load(TrainedRuns.train("VBPR", data, shared.resolve("run"), "epochs=1")));
        server = RecommendServer.start(index, RecommendServer.Options.of("127.0.0.1", 0, 2).withToken(TOKEN));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String target, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target)).timeout(Duration.ofSeconds(10));
        if (method.equals("POST")) {
            b.POST(HttpRequest.BodyPublishers.ofString("{\"user\": \"" + index.userId(0) + "\", \"items\": [{\"id\": \"a\", \"features\": {\"image\": "
                    + ServerFuzzTest.vector(32, "0.1") + ", \"text\": " + ServerFuzzTest.vector(16, "0.2") + "}}]}")).header("Content-Type", "application/json");
        }
        if (authorization != null) b.header("Authorization", authorization);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void everyEndpointRefusesAMissingOrWrongTokenWith401AndAcceptsTheRightOne() throws Exception {
        String user = URLEncoder.encode(index.userId(2), StandardCharsets.UTF_8);
        String item = URLEncoder.encode(index.itemId(2), StandardCharsets.UTF_8);
        List<String[]> requests = List.of(new String[] {"GET", "/recommend?user=" + user + "&k=3"}, new String[] {"GET", "/similar?item=" + item + "&k=3"},
                new String[] {"POST", "/score-items"}, new String[] {"GET", "/health"}, new String[] {"GET", "/metrics"}, new String[] {"GET", "/nope"});
        for (String[] r : requests) {
            for (String bad : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Basic " + TOKEN, "Bearer"}) {
                HttpResponse<String> resp = send(r[0], r[1], bad);
                assertThat(resp.statusCode()).as("%s %s with %s", r[0], r[1], bad).isEqualTo(401);
                assertThat(resp.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
                assertThat(new Http.Response(resp.statusCode(), resp.body()).json().get("error").asText()).doesNotContain(TOKEN);
            }
            HttpResponse<String> ok = send(r[0], r[1], "Bearer " + TOKEN);
            assertThat(ok.statusCode()).as("%s %s -> %s", r[0], r[1], ok.body()).isEqualTo(r[1].equals("/nope") ? 404 : 200);
        }
        assertThat(new Http(server.port(), 10, TOKEN).get("/metrics").json().get("endpoints").get("/health").get("4xx").asLong()).isEqualTo(6);
    }

    @Test
    void tokensMustBePrintableWithoutSpaces() {
        RecommendServer.Options o = RecommendServer.Options.of("127.0.0.1", 0, 1);
        assertThatThrownBy(() -> o.withToken("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withToken("two words")).isInstanceOf(IllegalArgumentException.class);
        assertThat(o.withToken(TOKEN).token()).isEqualTo(TOKEN);
    }

    @Test
    void onlyLoopbackServersCountAsLoopbackOnly() {
        assertThat(server.loopbackOnly()).isTrue();
        assertThat(server.requiresToken()).isTrue();
    }
}
