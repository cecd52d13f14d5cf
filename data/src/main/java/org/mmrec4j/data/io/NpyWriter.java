package org.mmrec4j.data.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.engine.io.AtomicFiles;

/**
 * Writes a {@link FeatureMatrix} as a little-endian float32, C-order {@code .npy} file that numpy loads
 * directly. Format 1.0 is used unless the header would exceed 65535 bytes (then 2.0). The write is atomic.
 */
public final class NpyWriter {
    private NpyWriter() {}

    public static void write(Path file, FeatureMatrix m) {
        byte[] header = header(m.rows(), m.cols());
        AtomicFiles.write(file, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            float[] data = m.data();
            for (float v : data) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            out.write(buf.array(), 0, buf.position());
        });
    }

    static byte[] header(int rows, int cols) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        boolean v1 = dict.length() + 11 <= 65535;
        int prefix = v1 ? 10 : 12;
        // numpy pads with spaces and ends with '\n' so that the data starts on a 64-byte boundary
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder sb = new StringBuilder(dict);
        while (prefix + sb.length() + 1 < padded) sb.append(' ');
        sb.append('\n');
        byte[] text = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1));
        b.put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) b.putShort((short) text.length);
        else b.putInt(text.length);
        b.put(text);
        return b.array();
    }
}
