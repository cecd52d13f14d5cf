package org.mmrec4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.cli.CommonOptions;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.features.BatchEmbedder;
import org.mmrec4j.features.MiniLmEncoder;
import org.mmrec4j.features.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * MiniLM throughput on texts that fill the 256-word-piece window, for each split of the threads between
 * parallel batches (workers) and ONNX Runtime's intra-op threads. The texts are seeded word salad: the model's
 * cost depends on the token count, not on the words.
 */
@Command(name = "text-features", mixinStandardHelpOptions = true,
        description = "MiniLM texts/s at 256 word pieces: workers x intra-op threads, one shared ONNX session.")
final class TextFeaturesBench implements Callable<Integer> {
    private static final String[] WORDS = ("soft cotton baby blanket with pink stripes machine washable durable "
            + "stroller bottle warmer organic toddler spoon silicone travel crib sheet fitted mattress toy rattle "
            + "bright colours gift for newborn girls boys waterproof bib snap closure lightweight car seat cover")
            .split(" ");

    @Option(names = "--texts", description = "texts per timed pass (default 96)") int texts = 96;
    @Option(names = "--batch", description = "texts per model run (default 32)") int batch = 32;
    @Option(names = "--repeats", description = "timed passes per setting; the median is reported (default 3)") int repeats = 3;
    @Option(names = "--seed", description = "seed of the texts (default 999)") long seed = 999;
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        common.apply();
        int threads = Parallel.threads();
        List<String> corpus = corpus(texts, new Rng(seed).split("text-features"));
        List<int[]> settings = new ArrayList<>();
        settings.add(new int[] {threads, 1});
        if (threads > 1) settings.add(new int[] {1, threads});
        if (threads >= 4) settings.add(new int[] {threads / 2, 2});
        System.out.printf(Locale.ROOT, "MiniLM text features: %d texts, batch %d, threads %d, cores %d%n", texts, batch,
                threads, Runtime.getRuntime().availableProcessors());
        for (int[] s : settings) {
            int workers = s[0], intra = s[1];
            try (MiniLmEncoder encoder = new MiniLmEncoder(intra)) {
                int tokens = encoder.tokenCount(corpus.get(0));
                BatchEmbedder.embedAll(encoder, corpus.subList(0, Math.min(batch * workers, texts)), batch, workers,
                        Progress.silent(texts)); // warm-up: session initialisation and allocator growth
                double[] rates = new double[repeats];
                double cpuSeconds = 0;
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    long c0 = processCpuNanos();
                    BatchEmbedder.embedAll(encoder, corpus, batch, workers, Progress.silent(texts));
                    cpuSeconds += (processCpuNanos() - c0) / 1e9;
                    rates[r] = texts / ((System.nanoTime() - t0) / 1e9);
                }
                java.util.Arrays.sort(rates);
                // On a shared machine the wall-clock rate undercounts; texts per CPU-second x threads is what
                // the same setting would reach with its cores to itself (an upper bound).
                double perCpuSecond = texts * (double) repeats / cpuSeconds;
                System.out.printf(Locale.ROOT, "workers %d x intra-op %d: %.1f texts/s wall (median of %d; min %.1f, max %.1f); "
                        + "%.2f texts per CPU-second (x%d threads = %.1f texts/s uncontended); %d word pieces per text%n",
                        workers, intra, rates[repeats / 2], repeats, rates[0], rates[repeats - 1], perCpuSecond, threads,
                        perCpuSecond * threads, tokens);
            }
        }
        System.out.printf(Locale.ROOT, "peak RSS: %s%n", BenchMain.peakRss());
        return 0;
    }

    /** CPU time of the whole JVM process, all threads (ONNX Runtime's native threads included). */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return 0;
    }

    /** Texts long enough to be cut at 256 word pieces. */
    static List<String> corpus(int n, Rng rng) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 320; w++) sb.append(WORDS[rng.nextInt(WORDS.length)]).append(' ');
            out.add(sb.toString());
        }
        return out;
    }
}
