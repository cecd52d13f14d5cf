package org.mmrec4j.data;

import org.mmrec4j.engine.Checks;

/**
 * A dense float32 matrix stored row-major: element {@code (r, c)} is {@code data[r * cols + c]}. One row
 * per item for feature modalities. The array is shared, not copied; treat it as read-only.
 */
public record FeatureMatrix(int rows, int cols, float[] data) {
    /** Checks that {@code data} holds exactly {@code rows × cols} values. */
    public FeatureMatrix {
        Checks.arg(rows >= 0 && cols >= 0, "shape must be non-negative, got %sx%s", rows, cols);
        Checks.arg((long) rows * cols == data.length,
                "data length %s does not match shape %sx%s", data.length, rows, cols);
    }

    /** Element {@code (row, col)}. */
    public float get(int row, int col) {
        return data[row * cols + col];
    }

    /** Flat index of the first NaN or infinite value, or -1 when all are finite. */
    public long firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "FeatureMatrix[" + rows + "x" + cols + "]";
    }
}
