/**
 * Benchmarks that report medians and ratios ({@link org.mmrec4j.bench.BenchMain}): epoch and evaluation
 * timings, kNN graph construction, MiniLM throughput, a load generator for {@code serve}, and synthetic
 * datasets at a real dataset's size. The top of the stack: May use: cli and every module below it, picocli.
 * May not use: nothing here is a library; no module may depend on bench.
 */
package org.mmrec4j.bench;
