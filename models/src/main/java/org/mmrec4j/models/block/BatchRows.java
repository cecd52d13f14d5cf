package org.mmrec4j.models.block;

import java.util.Arrays;

/**
 * The distinct table rows a batch touches, sorted, with a map from a table row to its position in
 * that list. Models that compute representations for touched rows only use it to gather locally.
 */
public record BatchRows(int[] rows, int[] positionOf) {

    /** @param tableRows size of the table the indices point into */
    public static BatchRows of(int tableRows, int[]... indexLists) {
        boolean[] seen = new boolean[tableRows];
        int count = 0;
        for (int[] list : indexLists) {
            for (int r : list) {
                if (!seen[r]) {
                    seen[r] = true;
                    count++;
                }
            }
        }
        int[] rows = new int[count];
        int[] positionOf = new int[tableRows];
        Arrays.fill(positionOf, -1);
        for (int r = 0, p = 0; r < tableRows; r++) {
            if (seen[r]) {
                rows[p] = r;
                positionOf[r] = p++;
            }
        }
        return new BatchRows(rows, positionOf);
    }

    /** Table indices translated to positions in {@link #rows()}. */
    public int[] local(int[] tableIndices) {
        int[] out = new int[tableIndices.length];
        for (int k = 0; k < out.length; k++) out[k] = positionOf[tableIndices[k]];
        return out;
    }

    /** Indices moved by {@code by}: item ids to their rows in a stacked [users; items] table, and back. */
    public static int[] shifted(int[] indices, int by) {
        int[] out = new int[indices.length];
        for (int k = 0; k < out.length; k++) out[k] = indices[k] + by;
        return out;
    }

    /** The touched rows of a stacked [users; items] table as user ids and item ids; rows are sorted, so users come first. */
    public UsersAndItems split(int numUsers) {
        int firstItem = 0;
        while (firstItem < rows.length && rows[firstItem] < numUsers) firstItem++;
        return new UsersAndItems(firstItem, Arrays.copyOf(rows, firstItem),
                shifted(Arrays.copyOfRange(rows, firstItem, rows.length), -numUsers));
    }

    /** Touched users and items; item k sits at position {@code firstItem + k} of {@link #rows()}. */
    public record UsersAndItems(int firstItem, int[] users, int[] items) {
        /** Positions in {@link #rows()} of {@link #items()}, in order. */
        public int[] itemPositions() {
            int[] out = new int[items.length];
            for (int k = 0; k < out.length; k++) out[k] = firstItem + k;
            return out;
        }
    }
}
