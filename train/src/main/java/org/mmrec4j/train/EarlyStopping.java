package org.mmrec4j.train;

/**
 * MMRec's early-stopping rule (protocol §5): the score is rounded to 4 decimals first; only a strict
 * improvement resets the counter; training stops once the counter exceeds the patience, i.e. after
 * patience + 1 evaluations in a row without improvement.
 */
public final class EarlyStopping {
    private final int patience;
    private double best = -1;
    private int counter;

    public EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** Restores a checkpointed state. */
    public EarlyStopping(int patience, double best, int counter) {
        this(patience);
        this.best = best;
        this.counter = counter;
    }

    /** Records one evaluation's (already rounded) score; returns whether it is a new best. */
    public boolean update(double roundedScore) {
        if (roundedScore > best) {
            best = roundedScore;
            counter = 0;
            return true;
        }
        counter++;
        return false;
    }

    public boolean shouldStop() {
        return counter > patience;
    }

    public double best() {
        return best;
    }

    public int counter() {
        return counter;
    }
}
