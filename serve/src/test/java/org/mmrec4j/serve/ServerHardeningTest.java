package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or broken clients: slow and stalled request heads and bodies, oversized heads, malformed
 * request lines, clients that go away, overflowing features and wrong content types. Every test is
 * bounded in time and talks to 127.0.0.1 only.
 */
@Timeout(60)
class ServerHardeningTest {
    @TempDir
    static Path shared;
    static RecommendationIndex index;
    static RecommendServer server;
    static Http http;
    static final int TIMEOUT_MS = 1000;

    @BeforeAll
    static void start() throws Exception {
        Path data = TrainedRuns.demoWithIds(shared.resolve("demo"));
        index = new RecommendationIndex(TrainedModel.load(TrainedRuns.train("VBPR", data, shared.resolve("run"), "epochs=1")));
        Duration t = Duration.ofMillis(TIMEOUT_MS);
        server = RecommendServer.start(index, RecommendServer.Options.of("127.0.0.1", 0, 2).withTimeouts(t, t, Duration.ofSeconds(30)));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        s.setTcpNoDelay(true);
        return s;
    }

    /** True when the server closed (or reset) the connection within waitMs. */
    static boolean closedByServer(Socket s, long waitMs) {
        long end = System.currentTimeMillis() + waitMs;
        try {
            InputStream in = s.getInputStream();
            while (System.currentTimeMillis() < end) {
                s.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
                try {
                    if (in.read() < 0) return true;
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Raw bytes in, status and body out (the server is expected to close or answer within 10 s). */
    static Http.Response rawExchange(byte[] request) throws IOException {
        try (Socket s = connect()) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            // Write from another thread: a server that answers early must not deadlock a big write.
            Thread writer = new Thread(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException ignored) {
                    // the server answered and closed before reading it all
                }
            });
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                    String text = got.toString(StandardCharsets.ISO_8859_1);
                    int head = text.indexOf("\r\n\r\n");
                    if (head > 0) {
                        int cl = text.toLowerCase().indexOf("content-length:");
                        if (cl > 0 && cl < head) {
                            int len = Integer.parseInt(text.substring(cl + 15, text.indexOf("\r\n", cl)).strip());
                            if (got.size() >= head + 4 + len) break;
                        }
                    }
                }
            } catch (IOException e) {
                if (got.size() == 0) throw e;
            }
            String text = got.toString(StandardCharsets.UTF_8);
            if (text.length() < 12) throw new IOException("no response, got '" + text + "'");
            int head = text.indexOf("\r\n\r\n");
            return new Http.Response(Integer.parseInt(text.substring(9, 12)), head < 0 ? "" : text.substring(head + 4));
        }
    }

    static void assertJsonError(Http.Response r) {
        JsonNode j = r.json();
        assertThat(j.has("error")).as(r.body()).isTrue();
    }

    // ---- 1. slow and stalled clients -------------------------------------------------------------

    @Test
    void slowHeaderClientsAreDroppedAndDoNotStallOtherRequests() throws Exception {
        int slow = 20;
        List<Socket> sockets = new ArrayList<>();
        long droppedBefore = connections().get("dropped_slow_head").asLong();
        try {
            for (int i = 0; i < slow; i++) {
                Socket s = connect();
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            }
            long t0 = System.nanoTime();
            // A dribbler: one header byte per slow connection every 200 ms, for at most 4 s.
            Thread dribble = new Thread(() -> {
                long end = System.currentTimeMillis() + 4000;
                while (System.currentTimeMillis() < end) {
                    for (Socket s : sockets) {
                        try {
                            s.getOutputStream().write('a');
                        } catch (IOException ignored) {
                            // closed by the server: what we want
                        }
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            dribble.setDaemon(true);
            dribble.start();
            String user = URLEncoder.encode(index.userId(3), StandardCharsets.UTF_8);
            for (int i = 0; i < 10; i++) {
                long a = System.nanoTime();
                Http.Response r = new Http(server.port(), 2).get("/recommend?user=" + user + "&k=5");
                assertThat(r.status()).isEqualTo(200);
                assertThat((System.nanoTime() - a) / 1e6).as("ms for a normal request beside %d slow clients", slow).isLessThan(1000);
            }
            for (Socket s : sockets) {
                long left = TIMEOUT_MS + 2500 - (System.nanoTime() - t0) / 1_000_000;
                assertThat(closedByServer(s, Math.max(1, left))).as("slow connection closed by the server").isTrue();
            }
            dribble.interrupt();
            assertThat(connections().get("dropped_slow_head").asLong() - droppedBefore).isEqualTo(slow);
        } finally {
            for (Socket s : sockets) s.close();
        }
    }

    @Test
    void aBodyThatNeverArrivesIsDroppedNotHeld() throws Exception {
        String u = index.userId(0);
        long droppedBefore = connections().get("dropped_slow_body").asLong();
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /score-items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                    + "{\"user\": \"" + u + "\"").getBytes(StandardCharsets.US_ASCII));
            assertThat(closedByServer(s, TIMEOUT_MS + 2500)).as("stalled body dropped").isTrue();
        }
        assertThat(connections().get("dropped_slow_body").asLong() - droppedBefore).isEqualTo(1);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    // ---- 2. malformed, oversized and aborted requests --------------------------------------------

    @Test
    void oversizedHeadsGet431WithAJsonError() throws Exception {
        String big = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n";
        Http.Response r = rawExchange(big.getBytes(StandardCharsets.US_ASCII));
        assertThat(r.status()).isEqualTo(431);
        assertJsonError(r);
        StringBuilder many = new StringBuilder("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 10_000; i++) many.append("X-H").append(i).append(": 1\r\n");
        r = rawExchange(many.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(r.status()).isEqualTo(431);
        assertJsonError(r);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void badPercentEscapesGetTheJsonErrorEveryOtherBadRequestGets() throws Exception {
        for (String target : List.of("/recommend?user=%ZZ", "/recommend?user=abc%")) {
            Http.Response r = rawExchange(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(r.status()).as(target).isEqualTo(400);
            assertJsonError(r);
        }
    }

    @Test
    void unknownHttpVersionsAreRefused() throws Exception {
        Http.Response r = rawExchange("GET /health HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.status()).isIn(400, 505);
    }

    @Test
    void clientsThatGoAwayAreNeitherInternalErrorsNor5xx() throws Exception {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            long before = serverErrors();
            long abortsBefore = connections().get("client_aborts").asLong();
            String user = URLEncoder.encode(index.userId(1), StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) {
                // Mid-request: a body shorter than its Content-Length, then a reset.
                try (Socket s = connect()) {
                    s.getOutputStream().write(("POST /score-items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 5000\r\n\r\n{\"user\": 1").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    Thread.sleep(20);
                    s.setSoLinger(true, 0);
                }
                // Mid-response: read the status line of a full-catalogue answer, then reset.
                try (Socket s = connect()) {
                    s.getOutputStream().write(("GET /recommend?user=" + user + "&k=" + index.numItems() + "&exclude_seen=false HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read(new byte[12]);
                    s.setSoLinger(true, 0);
                }
            }
            Thread.sleep(300);
            assertThat(serverErrors() - before).as(http.get("/metrics").body()).isZero();
            assertThat(connections().get("client_aborts").asLong() - abortsBefore).isGreaterThanOrEqualTo(20);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("internal error");
    }

    static JsonNode metrics() throws IOException {
        return new ObjectMapper().readTree(http.get("/metrics").body());
    }

    static JsonNode connections() throws IOException {
        return metrics().get("connections");
    }

    /** 5xx answers so far over all endpoints. */
    static long serverErrors() throws IOException {
        long n = 0;
        for (JsonNode e : metrics().get("endpoints")) n += e.get("5xx").asLong();
        return n;
    }

    @Test
    void featuresThatOverflowTheScoreAreRejected() {
        String u = "\"" + index.userId(0) + "\"";
        String body = "{\"user\": " + u + ", \"items\": [{\"id\": \"a\", \"features\": {\"image\": " + ServerFuzzTest.vector(32, "3e38")
                + ", \"text\": " + ServerFuzzTest.vector(16, "-3e38") + "}}]}";
        Http.Response r = http.post("/score-items", body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("finite");
    }

    @Test
    void scoreItemsRequiresAJsonContentType() throws Exception {
        String good = "{\"user\": \"" + index.userId(0) + "\", \"items\": [{\"id\": \"a\", \"features\": {\"image\": "
                + ServerFuzzTest.vector(32, "0.1") + ", \"text\": " + ServerFuzzTest.vector(16, "0.2") + "}}]}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            String head = "POST /score-items HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n")
                    + "Content-Length: " + good.length() + "\r\n\r\n";
            Http.Response r = rawExchange((head + good).getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as("%s -> %s", type, r.body()).isEqualTo(415);
            assertJsonError(r);
        }
        String head = "POST /score-items HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json; charset=UTF-8\r\n"
                + "Content-Length: " + good.length() + "\r\n\r\n";
        assertThat(rawExchange((head + good).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    }
}
