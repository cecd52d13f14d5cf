/**
 * The compute engine, the ground layer: {@link org.mmrec4j.engine.Tensor} (dense float32, row-major, an
 * autograd node), {@link org.mmrec4j.engine.CsrMatrix} (constant sparse matrices), {@link org.mmrec4j.engine.Params},
 * {@link org.mmrec4j.engine.Rng} and the single thread pool {@link org.mmrec4j.engine.Parallel}.
 * Invariants: ops never mutate their inputs; only optimizers and kernels mutate, and their methods say
 * so ({@code InPlace}, {@code step}); every op's backward is proven by a finite-difference test.
 * May use: the JDK and {@code engine.kernel}. May not use: any other mmrec4j module; nothing here knows
 * about users, items or models.
 */
package org.mmrec4j.engine;
