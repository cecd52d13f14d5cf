package org.mmrec4j.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ColdItemScoring;

/**
 * An HTTP server over a {@link RecommendationIndex}, on the JDK's {@code com.sun.net.httpserver} with a
 * fixed pool of worker threads. Every response is JSON; client mistakes get a 4xx with
 * {@code {"error": "..."}} and never a stack trace.
 *
 * <pre>
 *   GET  /recommend?user=ID&amp;k=20&amp;exclude_seen=true   top-K items for a known user
 *   GET  /similar?item=ID&amp;k=20                        items by cosine of final item vectors
 *   POST /score-items   {"user": ID, "items": [{"id": "...", "features": {"image": [...], ...}}]}
 *   GET  /health        GET /metrics
 * </pre>
 *
 * k defaults to 20 and must be an integer from 1 to the number of items (larger values are rejected
 * with 400 rather than silently capped, so a client never mistakes a short list for the whole catalogue). Bodies are limited to {@link #MAX_BODY_BYTES}
 * (413 beyond), query strings to {@link #MAX_QUERY_CHARS} (414), and /score-items to
 * {@link #MAX_COLD_ITEMS} items per request.
 */
public final class RecommendServer implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 1 << 20;
    public static final int MAX_QUERY_CHARS = 8192;
    public static final int MAX_COLD_ITEMS = 1000;
    public static final int DEFAULT_K = 20;

    static {
        // Without it, keep-alive responses wait for Nagle's delayed ACK: ~40 ms per request instead of ~1 ms.
        // Read once when the JDK server's config class loads, so it must be set before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final List<String> ENDPOINTS = List.of("/recommend", "/similar", "/score-items", "/health", "/metrics", "other");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final RecommendationIndex index;
    private final HttpServer server;
    private final ExecutorService workers;
    private final long startNanos = System.nanoTime();
    private final Map<String, LatencyStats> latency = new HashMap<>();
    /** Per endpoint, counts of 2xx, 4xx, 5xx (index 0..2). */
    private final Map<String, AtomicLongArray> statuses = new HashMap<>();

    /** A client mistake: status and a message safe to show. */
    static final class ClientError extends RuntimeException {
        final int status;

        ClientError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private RecommendServer(RecommendationIndex index, String host, int port, int threads) throws IOException {
        this.index = index;
        for (String e : ENDPOINTS) {
            latency.put(e, new LatencyStats());
            statuses.put(e, new AtomicLongArray(3));
        }
        server = HttpServer.create(new InetSocketAddress(host, port), 256);
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mmrec4j-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /** Binds and starts serving; port 0 picks a free port (see {@link #port()}). */
    public static RecommendServer start(RecommendationIndex index, String host, int port, int threads) throws IOException {
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        RecommendServer s = new RecommendServer(index, host, port, threads);
        s.server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getHostString();
    }

    /** Stops accepting, lets requests in flight finish (up to 2 s), then stops the workers. */
    @Override
    public void close() {
        server.stop(2);
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- dispatch ------------------------------------------------------------------------------

    private void handle(HttpExchange ex) {
        long t0 = System.nanoTime();
        String path = ex.getRequestURI().getRawPath();
        String endpoint = ENDPOINTS.contains(path) ? path : "other";
        int status;
        byte[] body;
        try {
            body = route(ex, path).getBytes(StandardCharsets.UTF_8);
            status = 200;
        } catch (ClientError e) {
            status = e.status;
            body = error(e.getMessage());
            if (status == 405) ex.getResponseHeaders().set("Allow", path.equals("/score-items") ? "POST" : "GET");
        } catch (RuntimeException | IOException | Error e) {
            status = 500;
            body = error("internal error");
            System.err.println("internal error on " + ex.getRequestMethod() + " " + path + ": " + e);
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            // HEAD responses carry no body (and the JDK server refuses a length for one).
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : body.length);
            if (head) body = new byte[0];
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client went away; nothing to tell it
        } finally {
            ex.close();
            latency.get(endpoint).record(System.nanoTime() - t0);
            statuses.get(endpoint).incrementAndGet(status < 300 ? 0 : status < 500 ? 1 : 2);
        }
    }

    private String route(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        switch (path) {
            case "/recommend" -> {
                requireMethod(method, "GET");
                return recommend(query(ex));
            }
            case "/similar" -> {
                requireMethod(method, "GET");
                return similar(query(ex));
            }
            case "/score-items" -> {
                requireMethod(method, "POST");
                return scoreItems(ex);
            }
            case "/health" -> {
                requireMethod(method, "GET");
                return "{\"status\":\"ok\",\"model\":" + str(index.modelName()) + ",\"users\":" + index.numUsers()
                        + ",\"items\":" + index.numItems() + "}";
            }
            case "/metrics" -> {
                requireMethod(method, "GET");
                return metrics();
            }
            default -> throw new ClientError(404, "no endpoint " + truncate(path)
                    + "; use /recommend, /similar, /score-items, /health or /metrics");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) throw new ClientError(405, "method " + truncate(method) + " not allowed; use " + allowed);
    }

    // ---- endpoints -----------------------------------------------------------------------------

    private String recommend(Map<String, String> q) {
        allowOnly(q, "user", "k", "exclude_seen");
        String userId = required(q, "user");
        int k = k(q);
        boolean excludeSeen = bool(q, "exclude_seen", true);
        int user = index.userIndex(userId);
        if (user < 0) throw new ClientError(404, "unknown user " + truncate(userId));
        return ranked("user", userId, k, index.recommend(user, k, excludeSeen));
    }

    private String similar(Map<String, String> q) {
        allowOnly(q, "item", "k");
        String itemId = required(q, "item");
        int k = k(q);
        if (!index.hasEmbeddings()) {
            throw new ClientError(422, "model " + index.modelName() + " has no final item embeddings, so it cannot rank similar items");
        }
        int item = index.itemIndex(itemId);
        if (item < 0) throw new ClientError(404, "unknown item " + truncate(itemId));
        return ranked("item", itemId, k, index.similar(item, k));
    }

    private String ranked(String key, String id, int k, RecommendationIndex.Ranked r) {
        StringBuilder sb = new StringBuilder(64 + r.size() * 40);
        sb.append('{').append(str(key)).append(':').append(str(id)).append(",\"k\":").append(r.items().length).append(",\"items\":[");
        for (int j = 0; j < r.size(); j++) {
            if (j > 0) sb.append(',');
            sb.append("{\"id\":").append(str(index.itemId(r.items()[j]))).append(",\"score\":");
            num(sb, r.scores()[j]);
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private String scoreItems(HttpExchange ex) throws IOException {
        ColdItemScoring cold = index.coldScoring();
        String text = utf8(readBody(ex), "request body");
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ClientError(400, "body is not valid JSON: " + truncate(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) throw new ClientError(400, "body must be a JSON object {\"user\": ..., \"items\": [...]}");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("user") && !f.equals("items")) throw new ClientError(400, "unknown field " + truncate(f) + "; expected user and items");
        }
        String userId = idOf(root.get("user"), "user");
        if (cold == null) throw new ClientError(422, "model " + index.modelName() + " cannot score items from features");
        int user = index.userIndex(userId);
        if (user < 0) throw new ClientError(404, "unknown user " + truncate(userId));
        JsonNode items = root.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) throw new ClientError(400, "items must be a non-empty array");
        if (items.size() > MAX_COLD_ITEMS) throw new ClientError(413, "at most " + MAX_COLD_ITEMS + " items per request, got " + items.size());
        Map<String, Integer> dims = cold.coldFeatureDims();
        int n = items.size();
        Map<String, float[]> rows = new LinkedHashMap<>();
        dims.forEach((m, d) -> rows.put(m, new float[n * d]));
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode item = items.get(i);
            String where = "items[" + i + "]";
            if (!item.isObject()) throw new ClientError(400, where + " must be an object with id and features");
            ids.add(idOf(item.get("id"), where + ".id"));
            JsonNode features = item.get("features");
            if (features == null || !features.isObject()) throw new ClientError(400, where + ".features must be an object of modality arrays " + dims.keySet());
            for (Iterator<String> it = features.fieldNames(); it.hasNext(); ) {
                String m = it.next();
                if (!dims.containsKey(m)) throw new ClientError(400, where + ": unknown modality " + truncate(m) + "; the model reads " + dims.keySet());
            }
            for (Map.Entry<String, Integer> e : dims.entrySet()) {
                JsonNode v = features.get(e.getKey());
                int d = e.getValue();
                if (v == null || !v.isArray()) throw new ClientError(400, where + ".features." + e.getKey() + " must be an array of " + d + " numbers");
                if (v.size() != d) throw new ClientError(400, where + ".features." + e.getKey() + " has " + v.size() + " values, the model needs " + d);
                float[] dst = rows.get(e.getKey());
                for (int j = 0; j < d; j++) {
                    JsonNode x = v.get(j);
                    if (!x.isNumber() || !Double.isFinite(x.doubleValue()) || !Float.isFinite((float) x.doubleValue())) {
                        throw new ClientError(400, where + ".features." + e.getKey() + "[" + j + "] must be a finite number");
                    }
                    dst[i * d + j] = (float) x.doubleValue();
                }
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        rows.forEach((m, data) -> tensors.put(m, Tensor.wrap(n, dims.get(m), data)));
        float[] scores = index.scoreCold(user, tensors);
        StringBuilder sb = new StringBuilder("{\"user\":").append(str(userId)).append(",\"scores\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"id\":").append(str(ids.get(i))).append(",\"score\":");
            num(sb, scores[i]);
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private String metrics() {
        StringBuilder sb = new StringBuilder("{\"uptime_s\":").append((System.nanoTime() - startNanos) / 1_000_000_000L).append(",\"endpoints\":{");
        boolean first = true;
        for (String e : ENDPOINTS) {
            if (!first) sb.append(',');
            first = false;
            AtomicLongArray s = statuses.get(e);
            sb.append(str(e)).append(":{\"2xx\":").append(s.get(0)).append(",\"4xx\":").append(s.get(1)).append(",\"5xx\":")
                    .append(s.get(2)).append(",\"latency_ms\":").append(latency.get(e).json()).append('}');
        }
        return sb.append("}}").toString();
    }

    // ---- input parsing -------------------------------------------------------------------------

    /** Query parameters, percent-decoded as strict UTF-8; a repeated name is an error. */
    static Map<String, String> query(HttpExchange ex) {
        String raw = ex.getRequestURI().getRawQuery();
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        if (raw.length() > MAX_QUERY_CHARS) throw new ClientError(414, "query string longer than " + MAX_QUERY_CHARS + " characters");
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.put(name, value) != null) throw new ClientError(400, "parameter " + truncate(name) + " given more than once");
        }
        return out;
    }

    static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new ClientError(400, "malformed percent-escape in the query string");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                throw new ClientError(400, "query strings must be percent-encoded ASCII");
            } else {
                bytes.write(c);
            }
        }
        return utf8(bytes.toByteArray(), "query string");
    }

    static String utf8(byte[] bytes, String what) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new ClientError(400, what + " is not valid UTF-8");
        }
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                // Drain a bounded amount more, so a client still sending reads our answer instead of a reset.
                byte[] sink = new byte[1 << 16];
                long left = 16L * MAX_BODY_BYTES;
                for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) left -= n;
                throw new ClientError(413, "body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static void allowOnly(Map<String, String> q, String... names) {
        for (String n : q.keySet()) {
            if (!List.of(names).contains(n)) throw new ClientError(400, "unknown parameter " + truncate(n) + "; expected " + String.join(", ", names));
        }
    }

    private static String required(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) throw new ClientError(400, "missing parameter " + name);
        return v;
    }

    /** k: default 20 (or the number of items, if fewer); otherwise an integer in 1..numItems. */
    private int k(Map<String, String> q) {
        String v = q.get("k");
        if (v == null) return Math.min(DEFAULT_K, index.numItems());
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ClientError(400, "k must be a positive integer, got " + truncate(v));
        }
        long k = v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v);
        if (k < 1) throw new ClientError(400, "k must be a positive integer, got " + v);
        if (k > index.numItems()) throw new ClientError(400, "k must be at most " + index.numItems() + " (the number of items), got " + truncate(v));
        return (int) k;
    }

    private static boolean bool(Map<String, String> q, String name, boolean dflt) {
        String v = q.get(name);
        if (v == null) return dflt;
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new ClientError(400, name + " must be true or false, got " + truncate(v));
        };
    }

    private static String idOf(JsonNode node, String what) {
        if (node == null || node.isNull()) throw new ClientError(400, "missing " + what);
        if (node.isTextual()) return node.textValue();
        if (node.isIntegralNumber()) return node.asText();
        throw new ClientError(400, what + " must be a string or an integer");
    }

    // ---- output --------------------------------------------------------------------------------

    static byte[] error(String message) {
        return ("{\"error\":" + str(message) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void num(StringBuilder sb, float v) {
        if (Float.isFinite(v)) sb.append(v);
        else sb.append("null");
    }

    /** Echoed input is shortened so an error never repeats a huge request back. */
    private static String truncate(String s) {
        if (s == null) return "null";
        return s.length() <= 80 ? "'" + s + "'" : "'" + s.substring(0, 80) + "...'";
    }
}
