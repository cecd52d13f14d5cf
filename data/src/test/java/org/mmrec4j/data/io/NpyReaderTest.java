package org.mmrec4j.data.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.Fixtures;
import org.mmrec4j.engine.Rng;

class NpyReaderTest {
    @TempDir Path tmp;

    private static Path npy(String name) {
        return Fixtures.dir("npy").resolve(name);
    }

    @Test
    void float16KnownValuesIncludingSubnormal() {
        FeatureMatrix m = NpyReader.read(npy("half.npy"));
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.data()).containsExactly(1f, -2f, 0.5f, 65504f, 0x1.0p-24f, -0f);
        assertThat(NpyReader.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(NpyReader.halfToFloat((short) 0x7e00)).isNaN();
    }

    @Test
    void fortranOrderIsTransposedToRowMajor() {
        FeatureMatrix m = NpyReader.read(npy("fortran.npy"), 4); // one element per chunk
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.cols()).isEqualTo(3);
        assertThat(m.data()).containsExactly(0f, 1f, 2f, 3f, 4f, 5f);
    }

    @Test
    void bigEndianFloat64VectorsAndLaterHeaderVersions() {
        assertThat(NpyReader.read(npy("big_endian.npy")).data()).containsExactly(0f, .25f, .5f, .75f, 1f, 1.25f);
        FeatureMatrix v = NpyReader.read(npy("vector.npy"));
        assertThat(v.rows()).isEqualTo(3);
        assertThat(v.cols()).isEqualTo(1);
        assertThat(NpyReader.read(npy("v2.npy")).data()).containsExactly(0f, 1f, 2f, 3f);
        assertThat(NpyReader.read(npy("v3.npy")).data()).containsExactly(0f, 1f, 2f, 3f);
    }

    @Test
    void chunkedReadsMatchWholeReadsForEveryChunkSize() {
        Rng rng = new Rng(7);
        float[] data = new float[37 * 13];
        for (int k = 0; k < data.length; k++) data[k] = (float) rng.nextGaussian();
        Path f = tmp.resolve("x.npy");
        NpyWriter.write(f, new FeatureMatrix(37, 13, data));
        for (int chunk : new int[] {1, 4, 12, 100, 1 << 20}) {
            FeatureMatrix m = NpyReader.read(f, chunk);
            assertThat(m.rows()).isEqualTo(37);
            assertThat(m.data()).as("chunk %d", chunk).containsExactly(data);
        }
    }

    @Test
    void writerPadsHeaderTo64BytesAndLeavesNoTempFile() throws Exception {
        Path f = tmp.resolve("y.npy");
        NpyWriter.write(f, new FeatureMatrix(2, 2, new float[] {1, 2, 3, 4}));
        byte[] b = Files.readAllBytes(f);
        assertThat(b.length).isEqualTo(128 + 16);
        assertThat(b[127]).isEqualTo((byte) '\n');
        assertThat(new String(b, 10, 60)).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }");
        try (var s = Files.list(tmp)) {
            assertThat(s.count()).isEqualTo(1);
        }
        assertThat(NpyWriter.header(1, 1).length % 64).isZero();
    }

    @Test
    void nanIsFoundByFeatureMatrix() {
        FeatureMatrix m = new FeatureMatrix(2, 2, new float[] {0, 1, Float.NaN, 3});
        assertThat(m.firstNonFinite()).isEqualTo(2);
    }
}
