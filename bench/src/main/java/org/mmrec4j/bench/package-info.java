/** Benchmarks (epoch and evaluation timings, peak memory) and real-data checks. */
package org.mmrec4j.bench;
