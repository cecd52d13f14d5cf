package org.mmrec4j.engine;

/**
 * Switches graph recording off for a scope: {@code try (var off = Grad.off()) { ... }}.
 * Evaluation and target branches use it so their tensors carry no backward closures.
 * Graphs are built on one thread (kernels may fan out), so a plain counter suffices.
 */
public final class Grad implements AutoCloseable {
    private static int offDepth;

    private Grad() {}

    public static Grad off() {
        offDepth++;
        return new Grad();
    }

    public static boolean enabled() {
        return offDepth == 0;
    }

    @Override
    public void close() {
        offDepth--;
    }
}
