package org.mmrec4j.models.block;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;

/**
 * Some rows of a sparse graph, for propagating only the rows a batch needs: row p of {@link #matrix()}
 * is row rows[p] of the source with every column shifted by an offset (an item graph applied to the
 * stacked [users; items] node table shifts by numUsers). {@code entries[e]} is the source entry of
 * entry e, so edge values held in an nnz×1 tensor are gathered with {@code values.gatherRows(entries)}.
 */
public record GraphRows(CsrMatrix matrix, int[] entries) {

    public static GraphRows of(CsrMatrix source, int[] rows, int colOffset, int cols) {
        Checks.arg(colOffset >= 0 && colOffset + source.cols() <= cols, "columns shifted by %s do not fit in %s", colOffset, cols);
        int[] sp = source.rowPtr(), sc = source.colIdx();
        float[] sv = source.values();
        int[] ptr = new int[rows.length + 1];
        for (int p = 0; p < rows.length; p++) ptr[p + 1] = ptr[p] + sp[rows[p] + 1] - sp[rows[p]];
        int[] col = new int[ptr[rows.length]], entries = new int[col.length];
        float[] val = new float[col.length];
        for (int p = 0; p < rows.length; p++) {
            for (int e = sp[rows[p]], at = ptr[p]; e < sp[rows[p] + 1]; e++, at++) {
                col[at] = sc[e] + colOffset;
                val[at] = sv[e];
                entries[at] = e;
            }
        }
        return new GraphRows(new CsrMatrix(rows.length, cols, ptr, col, val), entries);
    }
}
