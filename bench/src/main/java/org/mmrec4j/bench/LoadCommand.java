package org.mmrec4j.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.serve.TrainedModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A closed-loop load generator for {@code mmrec4j serve}: C connections, each sending GET /recommend
 * over HTTP/1.1 keep-alive as soon as the previous answer arrives, users taken round-robin. Plain sockets
 * keep the client's own CPU cost small, since on a small machine client and server share the cores.
 * Reports requests/s and exact latency percentiles over the measured window (after a warm-up).
 *
 * <p>With {@code --slow-clients N} it first opens N more connections that each send the start of a request
 * head and then one more header byte every {@code --slow-interval-ms}, as a slow-header ("slowloris")
 * client does, and keeps them dribbling through the warm-up and the measured window; it reports how many
 * the server closed and how soon. Slow clients go to loopback addresses only, and stop with the run.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load-test a running `mmrec4j serve` with /recommend requests; prints req/s, latency percentiles and errors.")
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "server base URL, e.g. http://127.0.0.1:8080")
    String url;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Users users;

    static final class Users {
        @Option(names = "--users", description = "file of external user ids, one per line") Path file;
        @Option(names = "--run", description = "run folder: use every user of its dataset") Path run;
    }

    @Option(names = "--seconds", description = "measured duration (default 60)")
    double seconds = 60;

    @Option(names = "--warmup", description = "seconds of unmeasured load first, for the JIT (default 5)")
    double warmup = 5;

    @Option(names = "--concurrency", description = "parallel connections (default 4)")
    int concurrency = 4;

    @Option(names = "--k", description = "k per request (default 20)")
    int k = 20;

    @Option(names = "--slow-clients", description = "slow-header connections held open during the run, loopback servers only (default 0, at most "
            + SlowClients.MAX + ")")
    int slowClients = 0;

    @Option(names = "--slow-interval-ms", description = "ms between the header bytes each slow client sends (default 1000)")
    int slowIntervalMs = 1000;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be >= 1");
        if (seconds <= 0) throw new IllegalArgumentException("--seconds must be > 0");
        URI base = URI.create(url);
        if (!"http".equals(base.getScheme()) || base.getHost() == null) throw new IllegalArgumentException("--url must be http://HOST:PORT, got " + url);
        int port = base.getPort() < 0 ? 80 : base.getPort();
        if (slowClients < 0 || slowClients > SlowClients.MAX) throw new IllegalArgumentException("--slow-clients must be 0.." + SlowClients.MAX);
        if (slowIntervalMs < 1) throw new IllegalArgumentException("--slow-interval-ms must be >= 1");
        if (slowClients > 0 && !InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("--slow-clients only goes to a loopback server (127.0.0.1, localhost), got " + base.getHost());
        }
        List<String> ids = userIds();
        if (ids.isEmpty()) throw new IllegalArgumentException("no user ids to request");
        byte[][] requests = new byte[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            requests[i] = ("GET /recommend?user=" + URLEncoder.encode(ids.get(i), StandardCharsets.UTF_8) + "&k=" + k
                    + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        SlowClients slow = null;
        if (slowClients > 0) {
            slow = new SlowClients(new InetSocketAddress(InetAddress.getByName(base.getHost()), port), base.getHost(), slowClients, slowIntervalMs);
            slow.open();
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        Thread slowThread = null;
        if (slow != null) {
            SlowClients sc = slow;
            slowThread = new Thread(() -> sc.run(end), "load-slow");
            slowThread.setDaemon(true);
            slowThread.start();
        }
        AtomicLong errors = new AtomicLong();
        // Requests that took over 1 s, warm-up included: a stalled server answers none in the window, which must not read as "0 errors".
        AtomicLong stalled = new AtomicLong(), longest = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        String[] firstError = new String[1];
        for (int w = 0; w < concurrency; w++) {
            final int worker = w;
            long[][] mine = {new long[1 << 16]};
            int[] count = {0};
            Thread t = new Thread(() -> {
                Client c = new Client(base.getHost(), port);
                int next = worker;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) break;
                    int status;
                    try {
                        status = c.send(requests[next % requests.length]);
                    } catch (IOException e) {
                        status = -1;
                        synchronized (firstError) {
                            if (firstError[0] == null) firstError[0] = e.toString();
                        }
                        c.close();
                    }
                    long t1 = System.nanoTime();
                    if (t1 - t0 > 1_000_000_000L) {
                        stalled.incrementAndGet();
                        longest.accumulateAndGet(t1 - t0, Math::max);
                    }
                    next += concurrency;
                    if (t0 < measureFrom) continue;
                    if (status != 200) {
                        errors.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError[0] == null) firstError[0] = "HTTP " + status;
                        }
                    }
                    if (count[0] == mine[0].length) mine[0] = Arrays.copyOf(mine[0], mine[0].length * 2);
                    mine[0][count[0]++] = t1 - t0;
                }
                c.close();
                synchronized (samples) {
                    samples.add(Arrays.copyOf(mine[0], count[0]));
                }
            }, "load-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        if (slowThread != null) slowThread.join(10_000);
        long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double measured = (System.nanoTime() - measureFrom) / 1e9;
        System.out.printf(Locale.ROOT, "load: %s/recommend, k %d, %d users, concurrency %d, %.1f s measured after %.1f s warm-up%n",
                url, k, ids.size(), concurrency, Math.min(measured, seconds), warmup);
        System.out.printf(Locale.ROOT, "requests %d, %.0f req/s, errors %d%n", all.length, all.length / seconds, errors.get());
        System.out.printf(Locale.ROOT, "latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n",
                pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        if (firstError[0] != null) System.out.println("first error: " + firstError[0]);
        if (stalled.get() > 0) {
            System.out.printf(Locale.ROOT, "stalled: %d requests took over 1 s (warm-up included), the longest %.1f s%n", stalled.get(), longest.get() / 1e9);
        }
        if (slow != null) System.out.println(slow.report());
        return errors.get() == 0 && stalled.get() == 0 ? 0 : 1;
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    private List<String> userIds() throws IOException {
        if (users.file != null) {
            return Files.readAllLines(users.file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        }
        Dataset d = TrainedModel.readRun(users.run, null).dataset();
        List<String> out = new ArrayList<>(d.numUsers());
        for (int u = 0; u < d.numUsers(); u++) out.add(d.userIds().isPresent() ? d.userIds().get().id(u) : Integer.toString(u));
        return out;
    }

    /**
     * N non-blocking connections that each send a partial request head, then one header byte every
     * interval until the deadline; records when the server closes (or resets) each one.
     */
    static final class SlowClients {
        static final int MAX = 10_000;
        private final InetSocketAddress address;
        private final String host;
        private final int n;
        private final long intervalNanos;
        private final List<SocketChannel> channels = new ArrayList<>();
        private long openedAt;
        private int failedToOpen;
        private final List<Long> closedAfterNanos = new ArrayList<>();

        SlowClients(InetSocketAddress address, String host, int n, int intervalMs) {
            this.address = address;
            this.host = host;
            this.n = n;
            this.intervalNanos = intervalMs * 1_000_000L;
        }

        void open() throws IOException {
            byte[] start = ("GET /health HTTP/1.1\r\nHost: " + host + "\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < n; i++) {
                try {
                    SocketChannel c = SocketChannel.open();
                    c.socket().connect(address, 5000);
                    c.write(ByteBuffer.wrap(start));
                    c.configureBlocking(false);
                    channels.add(c);
                } catch (IOException e) {
                    failedToOpen++;
                }
            }
            openedAt = System.nanoTime();
        }

        /** Dribbles until the deadline (nanoTime), then closes whatever is still open. */
        void run(long deadline) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ByteBuffer sink = ByteBuffer.allocate(4096);
            boolean[] closed = new boolean[channels.size()];
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < channels.size(); i++) channels.get(i).register(selector, SelectionKey.OP_READ, i);
                long nextByte = System.nanoTime() + intervalNanos;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= deadline) break;
                    if (now >= nextByte) {
                        for (int i = 0; i < channels.size(); i++) {
                            if (closed[i]) continue;
                            try {
                                channels.get(i).write(one.clear().put((byte) 'a').flip());
                            } catch (IOException e) {
                                closed[i] = closed(i, now);
                            }
                        }
                        nextByte += intervalNanos;
                        continue;
                    }
                    selector.select(Math.max(1, Math.min(nextByte, deadline) - now) / 1_000_000 + 1);
                    for (SelectionKey key : selector.selectedKeys()) {
                        int i = (Integer) key.attachment();
                        if (closed[i]) continue;
                        try {
                            // The server answered something (an error) or closed: either way this client is done once it closes.
                            if (channels.get(i).read(sink.clear()) < 0) {
                                closed[i] = closed(i, System.nanoTime());
                                key.cancel();
                            }
                        } catch (IOException e) {
                            closed[i] = closed(i, System.nanoTime());
                            key.cancel();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                // a selector failure ends the dribbling early; the report shows what was seen
            } finally {
                for (SocketChannel c : channels) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }
        }

        private boolean closed(int i, long now) {
            synchronized (closedAfterNanos) {
                closedAfterNanos.add(now - openedAt);
            }
            return true;
        }

        String report() {
            long[] t;
            synchronized (closedAfterNanos) {
                t = closedAfterNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            String s = String.format(Locale.ROOT, "slow clients: %d opened%s, %d closed by the server", channels.size(),
                    failedToOpen > 0 ? " (" + failedToOpen + " failed to connect)" : "", t.length);
            if (t.length > 0) {
                s += String.format(Locale.ROOT, " after %.1f s median, %.1f s max", pct(t, 0.5) / 1e3, t[t.length - 1] / 1e9);
            }
            return s + ", " + (channels.size() - t.length) + " still open at the end";
        }
    }

    /** One keep-alive HTTP/1.1 connection; reconnects after a close. */
    static final class Client {
        private final String host;
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Client(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /** Sends one request and reads the whole response; returns the status code. */
        int send(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5000);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String status = line();
            if (status == null || status.length() < 12) throw new IOException("connection closed");
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean close = false;
            for (String h; (h = line()) != null && !h.isEmpty(); ) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).strip());
                else if (lower.startsWith("connection:") && lower.contains("close")) close = true;
            }
            if (length < 0) throw new IOException("response without Content-Length");
            in.skipNBytes(length);
            if (close) close();
            return code;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b; (b = in.read()) >= 0; ) {
                if (b == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                    return sb.toString();
                }
                sb.append((char) b);
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        void close() {
            try {
                if (socket != null) socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}
