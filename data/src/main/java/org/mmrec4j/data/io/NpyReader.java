package org.mmrec4j.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.FeatureMatrix;

/**
 * Reads a 1-D or 2-D numpy {@code .npy} array of floats into a row-major float32 {@link FeatureMatrix}.
 * Supports format versions 1.0 to 3.0, dtypes {@code f2/f4/f8} in either byte order, and
 * {@code fortran_order: True} (transposed into row-major while reading). The data is read in chunks
 * through positional channel reads and narrowed to float32 as it goes, so a 2 GB float64 file (Amazon
 * Elec images) needs only its float32 result plus one chunk of memory.
 */
public final class NpyReader {
    static final int DEFAULT_CHUNK_BYTES = 8 << 20;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {}

    /** The parsed header: element type, order, shape and where the data starts. */
    record Header(String descr, boolean fortranOrder, long rows, long cols, long dataOffset) {}

    /**
     * What a checked header says: the shape (a 1-D array is one column), the dtype, its size in bytes and
     * where the data starts.
     */
    public record Info(long rows, long cols, String dtype, int itemSize, boolean fortranOrder, long dataOffset) {}

    /**
     * Checks a file without reading its values: a regular file, the magic and header, a supported float
     * dtype, one or two dimensions, at most 2^31-1 elements, and a file size of exactly header + rows x
     * cols x item size (a cut-short or padded file is an error). Cheap at any file size.
     */
    public static Info inspect(Path file) {
        InputFiles.requireRegularFile(file, "check the feature file's path");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return inspect(file, ch);
        } catch (IOException e) {
            throw InputFiles.failure(file, "cannot read", e);
        }
    }

    private static Info inspect(Path file, FileChannel ch) throws IOException {
        Header h = header(file, ch);
        int itemSize = itemSize(file, h.descr());
        if (h.cols() == 0 || h.rows() == 0) {
            // (N, 0) trained as if the modality were there: a feature vector needs at least one value per item
            throw new DataException(file, "shape (" + h.rows() + ", " + h.cols() + ") holds no feature values",
                    "write one row of at least one value per item, or remove the file to train without that modality");
        }
        boolean fits = h.rows() < Integer.MAX_VALUE && h.cols() < Integer.MAX_VALUE; // so the product fits a long
        long count = fits ? h.rows() * h.cols() : Long.MAX_VALUE;
        if (count >= Integer.MAX_VALUE) {
            throw new DataException(file, "shape (" + h.rows() + ", " + h.cols() + ") has "
                    + (fits ? count + " elements" : "too many elements") + "; a float[] holds at most 2^31-1",
                    "reduce the feature width (e.g. PCA) or split the file per item range");
        }
        long expected = count * itemSize;
        long actual = ch.size() - h.dataOffset();
        if (actual < expected) {
            throw new DataException(file, "truncated: header says " + expected + " bytes of data, file has "
                    + actual, "the file was cut short while copying; copy or regenerate it");
        }
        if (actual > expected) {
            throw new DataException(file, "has " + (actual - expected) + " bytes after the " + expected
                    + " bytes of data its header describes (shape (" + h.rows() + ", " + h.cols() + "), " + h.descr()
                    + ")", "the file is damaged or two files were joined; regenerate it with numpy.save");
        }
        return new Info(h.rows(), h.cols(), h.descr(), itemSize, h.fortranOrder(), h.dataOffset());
    }

    public static FeatureMatrix read(Path file) {
        return read(file, DEFAULT_CHUNK_BYTES);
    }

    /** Reads with a given chunk size; tests use tiny chunks to exercise the streaming path. */
    static FeatureMatrix read(Path file, int chunkBytes) {
        InputFiles.requireRegularFile(file, "check the feature file's path");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Info h = inspect(file, ch);
            boolean fortranOrder = h.fortranOrder();
            int itemSize = h.itemSize();
            ByteOrder order = h.dtype().charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            long count = h.rows() * h.cols();
            long expected = count * itemSize;
            float[] out = new float[(int) count];
            int rows = (int) h.rows();
            int cols = (int) h.cols();
            int chunk = Math.max(itemSize, chunkBytes / itemSize * itemSize);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(chunk, Math.max(expected, itemSize))).order(order);
            long done = 0;
            while (done < count) {
                int want = (int) Math.min(buf.capacity() / itemSize, count - done);
                buf.clear().limit(want * itemSize);
                long pos = h.dataOffset() + done * itemSize;
                while (buf.hasRemaining()) {
                    int got = ch.read(buf, pos + buf.position());
                    if (got < 0) throw new DataException(file, "unexpected end of file", "regenerate the file");
                }
                buf.flip();
                for (int k = 0; k < want; k++) {
                    long flat = done + k;
                    int dst = fortranOrder
                            ? (int) (flat % rows) * cols + (int) (flat / rows)
                            : (int) flat;
                    out[dst] = switch (itemSize) {
                        case 2 -> halfToFloat(buf.getShort());
                        case 4 -> buf.getFloat();
                        default -> (float) buf.getDouble();
                    };
                }
                done += want;
            }
            return new FeatureMatrix(rows, cols, out);
        } catch (IOException e) {
            throw InputFiles.failure(file, "cannot read", e);
        }
    }

    static Header header(Path file, FileChannel ch) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(pre, 0);
        if (ch.size() == 0) throw new DataException(file, "file is empty", "regenerate it with numpy.save");
        pre.flip();
        for (byte b : MAGIC) {
            if (pre.remaining() == 0 || pre.get() != b) {
                throw new DataException(file, "not a .npy file (missing \\x93NUMPY magic)",
                        "save the array with numpy.save");
            }
        }
        if (pre.remaining() < 4) throw new DataException(file, "truncated header", "regenerate the file");
        int major = pre.get();
        pre.get();
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = pre.getShort() & 0xffff;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (pre.remaining() < 4) throw new DataException(file, "truncated header", "regenerate the file");
            headerLen = pre.getInt() & 0xffffffffL;
            prefix = 12;
        } else {
            throw new DataException(file, "unsupported .npy format version " + major,
                    "save with numpy.save, which writes version 1.0, 2.0 or 3.0");
        }
        if (prefix + headerLen > ch.size()) {
            throw new DataException(file, "truncated header", "regenerate the file");
        }
        if (headerLen > 1 << 20) {
            throw new DataException(file, "header length " + headerLen + " is not plausible for a numeric array",
                    "save a plain numeric array with numpy.save");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        ch.read(hb, prefix);
        String dict = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(dict);
        Matcher f = FORTRAN.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() || !f.find() || !s.find()) {
            String shown = dict.strip().replaceAll("[^\\x20-\\x7e]", "?");
            if (shown.length() > 120) shown = shown.substring(0, 120) + "...";
            throw new DataException(file, "unreadable .npy header: " + shown,
                    "save a plain numeric array with numpy.save (no pickled objects)");
        }
        long[] shape = parseShape(file, s.group(1));
        return new Header(d.group(1), f.group(1).equals("True"), shape[0], shape[1], prefix + headerLen);
    }

    private static long[] parseShape(Path file, String text) {
        String[] parts = text.split(",");
        long[] dims = new long[parts.length];
        int n = 0;
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) continue;
            long v;
            try {
                v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0) {
                throw new DataException(file, "unreadable shape (" + text.trim() + ") in the .npy header",
                        "save a plain numeric array with numpy.save");
            }
            dims[n++] = v;
        }
        if (n == 1) return new long[] {dims[0], 1};
        if (n == 2) return new long[] {dims[0], dims[1]};
        throw new DataException(file, "expected a 1-D or 2-D array, shape is (" + text.trim() + ")",
                "reshape to (num_items, dim) before saving");
    }

    private static int itemSize(Path file, String descr) {
        switch (descr) {
            case "<f2": case ">f2": return 2;
            case "<f4": case ">f4": return 4;
            case "<f8": case ">f8": return 8;
            default:
                throw new DataException(file, "unsupported dtype '" + descr + "'",
                        "convert with numpy: np.save(path, arr.astype('<f4'))");
        }
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat exists only from Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1.0p-24f; // subnormal: exact in float32
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
