/**
 * Numeric kernels behind the tensor ops and the graph builders, each with a plain-Java path: GEMM
 * ({@link org.mmrec4j.engine.kernel.Gemm}, OpenBLAS from the bytedeco jar for large products), Gram blocks
 * X·Xᵀ by bands of rows for kNN graphs ({@link org.mmrec4j.engine.kernel.GramBlocks}), the one four-accumulator
 * row dot product ({@link org.mmrec4j.engine.kernel.RowDot}), sparse·dense rows and
 * per-edge dot products ({@link org.mmrec4j.engine.kernel.SparseRows}, {@link org.mmrec4j.engine.kernel.EdgeDots},
 * with Vector API bodies when {@code jdk.incubator.vector} is present) and a lane-exact
 * {@link org.mmrec4j.engine.kernel.VectorExp}. Kernels work on float arrays and record no autograd graph.
 * May use: the JDK, {@code jdk.incubator.vector}, JavaCPP/OpenBLAS, engine's Checks and Parallel.
 * May not use: Tensor or any other mmrec4j module.
 */
package org.mmrec4j.engine.kernel;
