package org.mmrec4j.bench;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.cli.CommonOptions;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.kernel.Gemm;
import org.mmrec4j.graph.ItemKnnGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Item-item kNN graph construction on a synthetic catalogue: by default Elec-sized (63,001 items,
 * 4,096-d image-like features |N(0,1)|, seeded). Reports wall time, achieved GFLOP/s of the similarity
 * products and peak RSS.
 */
@Command(name = "knn", mixinStandardHelpOptions = true,
        description = "Time the blockwise cosine kNN graph build on a synthetic catalogue.")
final class KnnBench implements Callable<Integer> {
    @Option(names = "--items", description = "catalogue size (default 63001, Amazon Elec)") int items = 63_001;
    @Option(names = "--dim", description = "feature width (default 4096)") int dim = 4096;
    @Option(names = "--k", description = "neighbours per item (default 10)") int k = 10;
    @Option(names = "--seed") long seed = 7;
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        common.apply();
        float[] x = new float[Math.multiplyExact(items, dim)];
        Parallel.forChunks(items, Parallel.threads(), (c, lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                Rng rng = new Rng(seed).split(i);
                for (int j = 0; j < dim; j++) x[i * dim + j] = (float) Math.abs(rng.nextGaussian());
            }
        });
        long t0 = System.nanoTime(), cpu0 = processCpuNanos();
        ItemKnnGraph g = ItemKnnGraph.build(x, items, dim, k, 0);
        double s = (System.nanoTime() - t0) / 1e9, cpu = (processCpuNanos() - cpu0) / 1e9;
        // The build computes the upper triangle of the symmetric X·Xᵀ: about half of its 2n²d flops.
        double gflop = 2.0 * items * (double) items * dim / 1e9;
        System.out.printf(Locale.ROOT, "kNN graph: %d items x %d-d, k=%d, threads %d, blas %s%n", items, dim, k,
                Parallel.threads(), Gemm.backend());
        System.out.printf(Locale.ROOT, "build s: %.1f wall, %.1f process CPU (%.0f GFLOP/s effective on the %.0f GFLOP of the full X·Xᵀ,"
                + " half of which the symmetric build computes)%n", s, cpu, gflop / s, gflop);
        System.out.printf(Locale.ROOT, "peak RSS: %s%n", BenchMain.peakRss());
        System.out.printf(Locale.ROOT, "check: item 0's nearest is %d (itself expected)%n", g.neighbour(0, 0));
        return 0;
    }

    /** CPU time of this process, all threads: tells a slow wall time on a busy machine from a slow build. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }
}
