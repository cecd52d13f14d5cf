/** Numeric kernels behind the tensor ops: GEMM (OpenBLAS with a Java fallback). */
package org.mmrec4j.engine.kernel;
