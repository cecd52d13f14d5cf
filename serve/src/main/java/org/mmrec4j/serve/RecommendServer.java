package org.mmrec4j.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ColdItemScoring;

/**
 * An HTTP server over a {@link RecommendationIndex}, on Jetty 12 (core API, no servlets) with a bounded
 * pool of worker threads. Every response is JSON; client mistakes get a 4xx with {@code {"error": "..."}}
 * and never a stack trace, including the ones Jetty's parser rejects before a handler runs (431, 414,
 * 505, malformed request lines).
 *
 * <pre>
 *   GET  /recommend?user=ID&amp;k=20&amp;exclude_seen=true   top-K items for a known user
 *   GET  /similar?item=ID&amp;k=20                        items by cosine of final item vectors
 *   POST /score-items   {"user": ID, "items": [{"id": "...", "features": {"image": [...], ...}}]}   (application/json)
 *   GET  /health        GET /metrics
 * </pre>
 *
 * k defaults to 20 and must be an integer from 1 to the number of items (larger values are rejected
 * with 400 rather than silently capped, so a client never mistakes a short list for the whole catalogue). Bodies are limited to {@link #MAX_BODY_BYTES}
 * (413 beyond), query strings to {@link #MAX_QUERY_CHARS} (414), request heads to {@link #MAX_HEAD_BYTES} (431),
 * and /score-items to {@link #MAX_COLD_ITEMS} items per request.
 *
 * <p>Why Jetty and not the JDK's {@code com.sun.net.httpserver}: the JDK server reads a request's head on
 * a worker thread with blocking reads, so N clients that send a header byte a second occupy N workers and
 * every other request waits (with 2 workers, 2 such clients stopped the server); its only remedy,
 * {@code sun.net.httpserver.maxReqTime}, still holds a worker per slow client until the timeout. It also
 * answers bad request lines with its own HTML and resets connections whose head is too large. Jetty
 * parses heads on its selector without holding a thread, so slow clients cost a socket each, and its
 * parser answers 431/414/505 through an error handler that we make speak JSON.
 *
 * <p>Slow or stalled clients are dropped: once the first byte of a request head has arrived, the whole
 * head must arrive within {@link Options#headerTimeout()}; a body must arrive within {@link Options#bodyTimeout()}
 * of its head; a connection with no bytes in flight is closed after {@link Options#idleTimeout()}. A sweeper
 * thread checks every open connection every {@value #SWEEP_MS} ms. When {@link Options#token()} is set,
 * every endpoint requires {@code Authorization: Bearer TOKEN} (401 otherwise).
 *
 * <p>Started with an {@link Explorer}, the server also answers the explorer's page and endpoints (see there;
 * its page files are the only paths that need no token); without one, {@code /} is a 404 like any unknown path.
 */
public final class RecommendServer implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 1 << 20;
    public static final int MAX_QUERY_CHARS = 8192;
    /** Request line plus headers; beyond it Jetty answers 414 (a long request line) or 431 (long headers). */
    public static final int MAX_HEAD_BYTES = 16 * 1024;
    public static final int MAX_COLD_ITEMS = 1000;
    public static final int DEFAULT_K = 20;
    static final int SWEEP_MS = 100;

    private static final List<String> ENDPOINTS = List.of("/recommend", "/similar", "/score-items", "/health", "/metrics", "other");
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Where and how to serve. Timeouts are whole durations of at least 1 ms; token null means no
     * authentication.
     */
    public record Options(String host, int port, int threads, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, String token) {
        public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

        public Options {
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
            for (Duration d : List.of(headerTimeout, bodyTimeout, idleTimeout)) {
                if (d.toMillis() < 1) throw new IllegalArgumentException("timeouts must be at least 1 ms, got " + d);
            }
            if (token != null && (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException("the token must be non-empty printable ASCII without spaces");
            }
        }

        public static Options of(String host, int port, int threads) {
            return new Options(host, port, threads, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT, null);
        }

        public Options withTimeouts(Duration header, Duration body, Duration idle) {
            return new Options(host, port, threads, header, body, idle, token);
        }

        public Options withToken(String t) {
            return new Options(host, port, threads, headerTimeout, bodyTimeout, idleTimeout, t);
        }
    }

    /** What the sweeper knows about one open connection. */
    private static final class ConnState {
        final Connection connection;
        /** A request is being handled (its head is complete). */
        volatile boolean busy;
        /** Connection bytes-in when it last became idle (opened or answered). */
        volatile long bytesAtIdle;
        /** nanoTime when the sweeper first saw head bytes arrive on an idle connection; 0 when none. */
        volatile long headSince;
        /** nanoTime by which the body being read must be complete; 0 when no body is being read. */
        volatile long bodyDeadline;
        volatile boolean dropped;
        /** The client went away while its request was read: Jetty's error path must not answer or count it. */
        volatile boolean gone;

        ConnState(Connection connection) {
            this.connection = connection;
        }
    }

    private final RecommendationIndex index;
    private final Options options;
    /** The browser explorer, or null when the server answers the API only. */
    private final Explorer explorer;
    /** Metric buckets: the API's, then the explorer's when there is one. */
    private final List<String> endpoints;
    private final Server server;
    private final ServerConnector connector;
    private final ScheduledExecutorService sweeper;
    private final byte[] tokenHash;
    private final long startNanos = System.nanoTime();
    private final Map<String, LatencyStats> latency = new HashMap<>();
    /** Per endpoint, counts of 2xx, 4xx, 5xx (index 0..2). */
    private final Map<String, AtomicLongArray> statuses = new HashMap<>();
    private final Map<Connection, ConnState> connections = new ConcurrentHashMap<>();
    private final AtomicLong droppedHeads = new AtomicLong(), droppedBodies = new AtomicLong(), clientAborts = new AtomicLong();

    /** A client mistake: status and a message safe to show. */
    static final class ClientError extends RuntimeException {
        final int status;

        ClientError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private RecommendServer(RecommendationIndex index, Options options, Explorer explorer) {
        this.index = index;
        this.options = options;
        this.explorer = explorer;
        List<String> all = new ArrayList<>(ENDPOINTS);
        if (explorer != null) all.addAll(all.size() - 1, Explorer.ENDPOINTS);
        this.endpoints = List.copyOf(all);
        this.tokenHash = options.token() == null ? null : sha256(options.token().getBytes(StandardCharsets.US_ASCII));
        for (String e : endpoints) {
            latency.put(e, new LatencyStats());
            statuses.put(e, new AtomicLongArray(3));
        }
        // Workers run the handlers; one more thread is the selector (it also accepts, as there is no acceptor
        // thread), one spare keeps Jetty's own short tasks from queueing behind a slow request.
        QueuedThreadPool pool = new QueuedThreadPool(options.threads() + 2, options.threads() + 2, (int) options.idleTimeout().toMillis());
        pool.setName("mmrec4j-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEAD_BYTES);
        http.setIdleTimeout(options.idleTimeout().toMillis());
        connector = new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.setAcceptQueueSize(256);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection c) {
                connections.put(c, new ConnState(c));
            }

            @Override
            public void onClosed(Connection c) {
                connections.remove(c);
            }
        });
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                RecommendServer.this.handle(request, response, callback);
                return true;
            }
        }));
        server.setErrorHandler(this::transportError);
        server.setStopTimeout(2000);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mmrec4j-http-sweeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds and starts serving with default timeouts and no token; port 0 picks a free port (see {@link #port()}). */
    public static RecommendServer start(RecommendationIndex index, String host, int port, int threads) throws IOException {
        return start(index, Options.of(host, port, threads));
    }

    /** Binds and starts serving the API; port 0 picks a free port (see {@link #port()}). */
    public static RecommendServer start(RecommendationIndex index, Options options) throws IOException {
        return start(index, options, null);
    }

    /** Binds and starts serving the API and, unless explorer is null, the explorer page of the same run. */
    public static RecommendServer start(RecommendationIndex index, Options options, Explorer explorer) throws IOException {
        RecommendServer s = new RecommendServer(index, options, explorer);
        try {
            s.server.start();
        } catch (IOException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new IOException(e.getMessage(), e);
        }
        s.sweeper.scheduleWithFixedDelay(s::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        return s;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return options.host() == null ? "0.0.0.0" : options.host();
    }

    /** True when the server listens on a loopback address only. */
    public boolean loopbackOnly() {
        try {
            return options.host() != null && InetAddress.getByName(options.host()).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    public boolean requiresToken() {
        return tokenHash != null;
    }

    /** Stops accepting, lets requests in flight finish (up to 2 s), then stops the workers. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is usually about to exit
        }
    }

    // ---- slow clients ----------------------------------------------------------------------------

    /** Drops connections whose request head or body is late. Runs every {@value #SWEEP_MS} ms. */
    private void sweep() {
        long now = System.nanoTime();
        long headNanos = options.headerTimeout().toNanos();
        for (ConnState st : connections.values()) {
            if (st.busy) {
                long d = st.bodyDeadline;
                if (d != 0 && now - d > 0) drop(st, droppedBodies);
            } else if (st.connection.getBytesIn() != st.bytesAtIdle) {
                // Bytes of a new head arrived on an idle connection: from now on it has headerTimeout to finish it.
                long since = st.headSince;
                if (since == 0) st.headSince = now;
                else if (now - since > headNanos) drop(st, droppedHeads);
            }
        }
    }

    private static void drop(ConnState st, AtomicLong counter) {
        if (st.dropped) return;
        st.dropped = true;
        counter.incrementAndGet();
        st.connection.getEndPoint().close();
    }

    private ConnState state(Request request) {
        Connection c = request.getConnectionMetaData().getConnection();
        return connections.computeIfAbsent(c, ConnState::new);
    }

    // ---- dispatch ------------------------------------------------------------------------------

    private void handle(Request request, Response response, Callback callback) {
        long t0 = System.nanoTime();
        ConnState st = state(request);
        st.busy = true;
        st.gone = false;
        st.headSince = 0;
        String path = request.getHttpURI().getPath();
        Exchange ex = new Exchange(request, response, callback, st, bucket(path), path, t0);
        try {
            if (explorer == null || !explorer.isPage(path)) authorize(request);
            String method = request.getMethod();
            if (path.equals("/score-items")) {
                requireMethod(method, "POST");
                requireJson(request);
                st.bodyDeadline = System.nanoTime() + options.bodyTimeout().toNanos();
                readBody(ex, new ByteArrayOutputStream(), 0);
                return;
            }
            Explorer.Asset asset = explorer == null ? null : explorer.asset(path);
            if (asset != null) {
                requireMethod(method, "GET");
                // Files as they are: no sniffing, and the page runs only this server's script (no inline code).
                response.getHeaders().put("X-Content-Type-Options", "nosniff");
                if (explorer.isPage(path)) {
                    response.getHeaders().put("Content-Security-Policy", Explorer.PAGE_POLICY);
                    response.getHeaders().put("Referrer-Policy", "no-referrer");
                }
                ex.respond(200, asset.contentType(), asset.bytes());
                return;
            }
            ex.respond(200, route(method, path, request.getHttpURI().getQuery()).getBytes(StandardCharsets.UTF_8));
        } catch (Throwable e) {
            ex.fail(e);
        }
    }

    /** One request in flight: writes the answer once and records it when the write completes. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final ConnState st;
        final String endpoint, path;
        final long t0;

        Exchange(Request request, Response response, Callback callback, ConnState st, String endpoint, String path, long t0) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.st = st;
            this.endpoint = endpoint;
            this.path = path;
            this.t0 = t0;
        }

        void fail(Throwable e) {
            if (e instanceof ClientError c) {
                if (c.status == 405) response.getHeaders().put(HttpHeader.ALLOW, path.equals("/score-items") ? "POST" : "GET");
                if (c.status == 401) response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mmrec4j\"");
                respond(c.status, error(c.getMessage()));
            } else {
                System.err.println("internal error on " + request.getMethod() + " " + truncate(path) + ": " + e);
                respond(500, error("internal error"));
            }
        }

        /** The client went away (or was dropped) before its request was complete: nothing to answer. */
        void abandon(Throwable cause) {
            st.bodyDeadline = 0;
            st.gone = true;
            st.bytesAtIdle = st.connection.getBytesIn();
            st.busy = false;
            if (!st.dropped) clientAborts.incrementAndGet();
            callback.failed(cause);
        }

        void respond(int status, byte[] body) {
            respond(status, JSON_TYPE, body);
        }

        void respond(int status, String contentType, byte[] body) {
            st.bodyDeadline = 0;
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), new Callback() {
                @Override
                public void succeeded() {
                    done();
                    latency.get(endpoint).record(System.nanoTime() - t0);
                    statuses.get(endpoint).incrementAndGet(status < 300 ? 0 : status < 500 ? 1 : 2);
                    callback.succeeded();
                }

                @Override
                public void failed(Throwable x) {
                    // The client went away mid-response: neither a server error nor an answer it received.
                    done();
                    clientAborts.incrementAndGet();
                    callback.failed(x);
                }

                private void done() {
                    st.headSince = 0;
                    st.bytesAtIdle = st.connection.getBytesIn();
                    st.busy = false;
                }
            });
        }
    }

    /**
     * Reads the body without holding a thread while waiting for bytes. Past {@link #MAX_BODY_BYTES} it
     * drains a bounded amount more, so a client still sending reads our 413 instead of a reset.
     */
    private void readBody(Exchange ex, ByteArrayOutputStream into, long seen) {
        while (true) {
            Content.Chunk chunk = ex.request.read();
            if (chunk == null) {
                long s = seen;
                ex.request.demand(() -> readBody(ex, into, s));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                ex.abandon(chunk.getFailure());
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            int n = b.remaining();
            if (seen + n <= MAX_BODY_BYTES) {
                byte[] tmp = new byte[n];
                b.get(tmp);
                into.write(tmp, 0, n);
            }
            seen += n;
            boolean last = chunk.isLast();
            chunk.release();
            if (seen > 17L * MAX_BODY_BYTES) last = true;
            if (last) {
                try {
                    if (seen > MAX_BODY_BYTES) throw new ClientError(413, "body larger than " + MAX_BODY_BYTES + " bytes");
                    ex.st.bodyDeadline = 0;
                    ex.respond(200, scoreItems(into.toByteArray()).getBytes(StandardCharsets.UTF_8));
                } catch (Throwable e) {
                    ex.fail(e);
                }
                return;
            }
        }
    }

    /**
     * Answers what Jetty rejects before a handler runs (a head too large, a bad request line, an unknown
     * HTTP version) and anything a handler failed without answering, in the same JSON as every other error.
     */
    private boolean transportError(Request request, Response response, Callback callback) {
        Object s = request.getAttribute(ErrorHandler.ERROR_STATUS);
        int status = s instanceof Integer i ? i : response.getStatus();
        if (status < 400) status = 500;
        ConnState st = connections.get(request.getConnectionMetaData().getConnection());
        if ((st != null && st.gone) || (status >= 500 && request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof IOException)) {
            // A request we gave up on because its client went away (or was dropped): no one to answer, not a 5xx.
            callback.failed(new IOException("client gone"));
            return true;
        }
        String message = switch (status) {
            case 431 -> "request headers larger than " + MAX_HEAD_BYTES + " bytes";
            case 414 -> "request line longer than " + MAX_HEAD_BYTES + " bytes";
            case 505 -> "HTTP version not supported; use HTTP/1.1 or HTTP/1.0";
            default -> {
                Object m = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
                String reason = HttpStatus.getMessage(status);
                yield m instanceof String msg && !msg.isBlank() && !msg.equals(reason) ? reason + ": " + truncate(msg) : reason;
            }
        };
        statuses.get("other").incrementAndGet(status < 500 ? 1 : 2);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.getHeaders().put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
        // Jetty closes a connection after a message it could not parse; say so, so no client reuses it.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        byte[] body = error(message);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private void authorize(Request request) {
        if (tokenHash == null) return;
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        // Compare digests, so neither the token's bytes nor its length show in the timing.
        if (given == null || !MessageDigest.isEqual(tokenHash, sha256(given.getBytes(StandardCharsets.UTF_8)))) {
            throw new ClientError(401, given == null ? "this server requires Authorization: Bearer TOKEN" : "invalid bearer token");
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** /score-items takes application/json (charset, if given, UTF-8). */
    private static void requireJson(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null) {
            String[] parts = type.split(";");
            boolean json = parts[0].strip().equalsIgnoreCase("application/json");
            for (int i = 1; json && i < parts.length; i++) {
                String p = parts[i].strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) json = false;
            }
            if (json) return;
        }
        throw new ClientError(415, "Content-Type must be application/json, got " + (type == null ? "none" : truncate(type)));
    }

    private String route(String method, String path, String rawQuery) {
        switch (path) {
            case "/recommend" -> {
                requireMethod(method, "GET");
                return recommend(query(rawQuery));
            }
            case "/similar" -> {
                requireMethod(method, "GET");
                return similar(query(rawQuery));
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
            default -> {
                if (explorer != null) {
                    String json = explorer.route(path, query(rawQuery));
                    if (json != null) {
                        requireMethod(method, "GET");
                        return json;
                    }
                }
                throw new ClientError(404, "no endpoint " + truncate(path) + "; use /recommend, /similar, /score-items, /health or /metrics"
                        + (explorer != null ? ", or open / for the explorer" : ""));
            }
        }
    }

    /** The /metrics bucket of a request path: its endpoint, or "other". */
    private String bucket(String path) {
        if (ENDPOINTS.contains(path)) return path;
        String b = explorer == null ? null : Explorer.bucket(path);
        return b != null ? b : "other";
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

    private String scoreItems(byte[] body) {
        ColdItemScoring cold = index.coldScoring();
        String text = utf8(body, "request body");
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
        for (int i = 0; i < n; i++) {
            // Finite features can still overflow float arithmetic (3e38 * w): refuse rather than answer "score": null.
            if (!Float.isFinite(scores[i])) {
                throw new ClientError(400, "items[" + i + "]: its features give a non-finite score (values too large for float arithmetic); "
                        + "send features on the scale the model was trained on");
            }
        }
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
        for (String e : endpoints) {
            if (!first) sb.append(',');
            first = false;
            AtomicLongArray s = statuses.get(e);
            sb.append(str(e)).append(":{\"2xx\":").append(s.get(0)).append(",\"4xx\":").append(s.get(1)).append(",\"5xx\":")
                    .append(s.get(2)).append(",\"latency_ms\":").append(latency.get(e).json()).append('}');
        }
        return sb.append("},\"connections\":{\"open\":").append(connections.size()).append(",\"dropped_slow_head\":").append(droppedHeads.get())
                .append(",\"dropped_slow_body\":").append(droppedBodies.get()).append(",\"client_aborts\":").append(clientAborts.get()).append("}}").toString();
    }

    // ---- input parsing -------------------------------------------------------------------------

    /** Query parameters, percent-decoded as strict UTF-8; a repeated name is an error. */
    static Map<String, String> query(String raw) {
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

    static void allowOnly(Map<String, String> q, String... names) {
        for (String n : q.keySet()) {
            if (!List.of(names).contains(n)) throw new ClientError(400, "unknown parameter " + truncate(n) + "; expected " + String.join(", ", names));
        }
    }

    static String required(Map<String, String> q, String name) {
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
    static String truncate(String s) {
        if (s == null) return "null";
        return s.length() <= 80 ? "'" + s + "'" : "'" + s.substring(0, 80) + "...'";
    }
}
