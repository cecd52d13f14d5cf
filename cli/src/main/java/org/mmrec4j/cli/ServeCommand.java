package org.mmrec4j.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mmrec4j.serve.Explorer;
import org.mmrec4j.serve.RecommendServer;
import org.mmrec4j.serve.RecommendationIndex;
import org.mmrec4j.serve.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a trained run over HTTP: /recommend, /similar, /score-items, /health, /metrics, and a browser explorer at /.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "run folder written by `mmrec4j train --out`")
    Path run;

    @Option(names = "--port", required = true, description = "TCP port (0: any free port)")
    int port;

    @Option(names = "--host", description = "address to bind (default 127.0.0.1, loopback only)")
    String host = "127.0.0.1";

    @Option(names = "--threads", description = "HTTP worker threads (default: cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--data", description = "dataset folder, when it moved since training")
    Path data;

    @Option(names = "--token-file", description = "file holding a bearer token: every request must send Authorization: Bearer TOKEN")
    Path tokenFile;

    @Option(names = "--header-timeout", description = "seconds a client has to send a request head once it starts one (default 5)")
    double headerTimeout = RecommendServer.Options.DEFAULT_HEADER_TIMEOUT.toMillis() / 1000.0;

    @Option(names = "--body-timeout", description = "seconds a client has to send a request body after its head (default 5)")
    double bodyTimeout = RecommendServer.Options.DEFAULT_BODY_TIMEOUT.toMillis() / 1000.0;

    @Option(names = "--idle-timeout", description = "seconds an idle keep-alive connection stays open (default 30)")
    double idleTimeout = RecommendServer.Options.DEFAULT_IDLE_TIMEOUT.toMillis() / 1000.0;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        String token = tokenFile == null ? null : readToken(tokenFile);
        RecommendServer.Options options = new RecommendServer.Options(host, port, threads, seconds(headerTimeout, "--header-timeout"),
                seconds(bodyTimeout, "--body-timeout"), seconds(idleTimeout, "--idle-timeout"), token);
        org.mmrec4j.engine.Parallel.setThreads(Math.max(1, threads));
        TrainedModel m = TrainedModel.load(run, data);
        RecommendationIndex index = new RecommendationIndex(m);
        Explorer explorer = Explorer.load(m, index);
        RecommendServer server;
        try {
            server = RecommendServer.start(index, options, explorer);
        } catch (IOException | java.nio.channels.UnresolvedAddressException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e + "); pick another --port or --host");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM / Ctrl-C: stop accepting, finish requests in flight, then exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("shutting down");
            server.close();
            stopped.countDown();
        }, "mmrec4j-serve-shutdown"));
        exposureWarning(host, token != null).ifPresent(System.err::println);
        System.err.printf("%s (best epoch %d, %d users, %d items%s) listening on http://%s:%d%s%n", m.spec().name(), m.bestEpoch(),
                index.numUsers(), index.numItems(), index.coldScoring() != null ? ", cold-item scoring" : "", server.host(), server.port(),
                token != null ? " (bearer token required)" : "");
        System.err.printf("explorer: open http://%s:%d/ in a browser (item texts: %s; %d plots)%s%n", browserHost(server.host()), server.port(),
                explorer.itemTextSource() != null ? explorer.itemTextSource() : "none, add item_text.tsv to the dataset folder", explorer.plotCount(),
                token != null ? "; the page asks for the token" : "");
        stopped.await();
        return 0;
    }

    /** A host a browser can open: a wildcard bind address is reachable on this machine as localhost; IPv6 needs brackets. */
    static String browserHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) return "localhost";
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The one-line warning for a server reachable beyond this machine without a token; empty otherwise. */
    static Optional<String> exposureWarning(String host, boolean hasToken) {
        if (hasToken) return Optional.empty();
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            loopback = false;
        }
        if (loopback) return Optional.empty();
        return Optional.of("warning: --host " + host + " is not a loopback address and there is no --token-file: anyone who can reach it can query the model");
    }

    /** The token: the file's content without surrounding whitespace (a trailing newline is usual). */
    static String readToken(Path file) {
        String t;
        try {
            t = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --token-file " + file + ": " + e.getMessage());
        }
        if (t.isEmpty()) throw new IllegalArgumentException("--token-file " + file + " is empty");
        if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("--token-file " + file + " must hold one token of printable ASCII without spaces");
        }
        return t;
    }

    private static Duration seconds(double s, String option) {
        if (!(s > 0) || s > 86_400) throw new IllegalArgumentException(option + " must be > 0 and at most 86400 seconds, got " + s);
        return Duration.ofNanos(Math.max(1_000_000L, (long) (s * 1e9)));
    }
}
