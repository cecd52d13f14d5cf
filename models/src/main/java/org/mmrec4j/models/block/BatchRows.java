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
}
