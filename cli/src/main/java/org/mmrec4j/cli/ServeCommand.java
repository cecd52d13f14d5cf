package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mmrec4j.serve.RecommendServer;
import org.mmrec4j.serve.RecommendationIndex;
import org.mmrec4j.serve.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a trained run over HTTP: /recommend, /similar, /score-items, /health, /metrics.")
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

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        org.mmrec4j.engine.Parallel.setThreads(Math.max(1, threads));
        TrainedModel m = TrainedModel.load(run, data);
        RecommendationIndex index = new RecommendationIndex(m);
        RecommendServer server;
        try {
            server = RecommendServer.start(index, host, port, threads);
        } catch (java.io.IOException | java.nio.channels.UnresolvedAddressException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e + "); pick another --port or --host");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM / Ctrl-C: stop accepting, finish requests in flight, then exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("shutting down");
            server.close();
            stopped.countDown();
        }, "mmrec4j-serve-shutdown"));
        System.err.printf("%s (best epoch %d, %d users, %d items%s) listening on http://%s:%d%n", m.spec().name(), m.bestEpoch(),
                index.numUsers(), index.numItems(), index.coldScoring() != null ? ", cold-item scoring" : "", server.host(), server.port());
        stopped.await();
        return 0;
    }
}
