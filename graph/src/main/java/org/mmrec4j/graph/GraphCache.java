package org.mmrec4j.graph;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.engine.Checks;

/**
 * Item kNN graphs cached on disk, so a grid or a rerun over the same features builds each graph once.
 *
 * <p>A graph's file is named by the SHA-256 of everything it depends on: this format's version, the
 * graph kind, k, shrink, the feature shape and every feature byte. Changed features or parameters give
 * a new name, so a stale file is never read. Files are written atomically (temporary sibling + rename)
 * and end with a SHA-256 of their content; a file that fails that check, or whose header disagrees
 * with its name, is reported as a warning and rebuilt. A cache that cannot be written (read-only
 * folder, full disk) only costs the rebuild next time.
 *
 * <p>The cache holds the raw neighbour lists and similarities; every normalisation (K1, K2/K3,
 * weighted) is derived from them, so one file serves all models that share k and shrink.
 */
public final class GraphCache {
    /** Bump when the file layout or the build's semantics change: old files are then simply not found. */
    static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "MMR4JKNN".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    /** What one {@link #itemKnn} call did, for logs and tests. */
    public enum Outcome { LOADED, BUILT, REBUILT_AFTER_BAD_FILE, BUILT_UNCACHED }

    private final Path dir;
    private final Consumer<String> warnings;
    private volatile Outcome lastOutcome;

    private GraphCache(Path dir, Consumer<String> warnings) {
        this.dir = dir;
        this.warnings = warnings;
    }

    /** A cache in {@code dir} (created on first write); warnings go to standard error. */
    public static GraphCache at(Path dir) {
        return at(dir, line -> System.err.println("warning: " + line));
    }

    public static GraphCache at(Path dir, Consumer<String> warnings) {
        Checks.arg(dir != null, "cache directory must not be null; use GraphCache.disabled()");
        return new GraphCache(dir, warnings);
    }

    /** Builds every graph and stores nothing. */
    public static GraphCache disabled() {
        return new GraphCache(null, line -> System.err.println("warning: " + line));
    }

    /**
     * {@code ${user.home}/.cache/mmrec4j/graphs}: outside every dataset folder, which may be
     * read-only or shared.
     */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "mmrec4j", "graphs");
    }

    public boolean enabled() {
        return dir != null;
    }

    /** The folder, or null when disabled. */
    public Path dir() {
        return dir;
    }

    /** What the most recent {@link #itemKnn} call did (null before the first). */
    public Outcome lastOutcome() {
        return lastOutcome;
    }

    /**
     * {@link ItemKnnGraph#build}{@code (rows, n, d, k, shrink)}, read from the cache when an identical
     * build was stored before, otherwise built and stored.
     */
    public ItemKnnGraph itemKnn(float[] rows, int n, int d, int k, double shrink) {
        Checks.arg(rows.length == (long) n * d, "feature array has %s values, expected %sx%s", rows.length, n, d);
        if (dir == null) {
            lastOutcome = Outcome.BUILT_UNCACHED;
            return ItemKnnGraph.build(rows, n, d, k, shrink);
        }
        String key = key("item-knn", rows, n, d, k, shrink);
        Path file = fileFor(key);
        Outcome outcome = Outcome.BUILT;
        if (Files.isRegularFile(file)) {
            try {
                ItemKnnGraph cached = read(file, key, n, k);
                lastOutcome = Outcome.LOADED;
                return cached;
            } catch (NoSuchFileException e) {
                // removed since the check: build it
            } catch (IOException | RuntimeException e) {
                warnings.accept("graph cache file " + file + " is unreadable (" + e.getMessage() + "); rebuilding it");
                outcome = Outcome.REBUILT_AFTER_BAD_FILE;
            }
        }
        ItemKnnGraph g = ItemKnnGraph.build(rows, n, d, k, shrink);
        try {
            write(file, key, g);
        } catch (UncheckedIOException e) {
            warnings.accept("cannot write graph cache file " + file + " (" + e.getCause().getMessage()
                    + "); the graph will be rebuilt next time. Set cache_dir to a writable folder");
        }
        lastOutcome = outcome;
        return g;
    }

    /** The file a key is stored in. */
    public Path fileFor(String key) {
        Checks.state(dir != null, "the graph cache is disabled");
        return dir.resolve(key + ".knn");
    }

    /** SHA-256 (hex) of the format version, the graph kind and parameters, the shape and the feature bytes. */
    public static String key(String kind, float[] rows, int n, int d, int k, double shrink) {
        MessageDigest sha = sha256();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(header)) {
            out.writeUTF("mmrec4j graph cache");
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(kind);
            out.writeInt(n);
            out.writeInt(d);
            out.writeInt(k);
            out.writeLong(Double.doubleToLongBits(shrink));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sha.update(header.toByteArray());
        ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.capacity() / Float.BYTES;
        for (int off = 0; off < rows.length; off += perChunk) {
            int len = Math.min(perChunk, rows.length - off);
            buf.clear();
            buf.asFloatBuffer().put(rows, off, len);
            sha.update(buf.array(), 0, len * Float.BYTES);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void write(Path file, String key, ItemKnnGraph g) {
        int[] nbr = g.neighbours();
        float[] sim = g.similarities();
        byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 * 4 + keyBytes.length + nbr.length * 8 + DIGEST_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(FORMAT_VERSION).putInt(keyBytes.length).put(keyBytes).putInt(g.numItems()).putInt(g.k());
        for (int v : nbr) b.putInt(v);
        for (float v : sim) b.putFloat(v);
        MessageDigest sha = sha256();
        sha.update(b.array(), 0, b.position());
        b.put(sha.digest());
        byte[] bytes = b.array();
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static ItemKnnGraph read(Path file, String key, int n, int k) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < MAGIC.length + DIGEST_BYTES) throw new IOException("truncated: " + bytes.length + " bytes");
        int body = bytes.length - DIGEST_BYTES;
        MessageDigest sha = sha256();
        sha.update(bytes, 0, body);
        if (!Arrays.equals(sha.digest(), Arrays.copyOfRange(bytes, body, bytes.length))) {
            throw new IOException("checksum mismatch");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, body).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new IOException("not a graph cache file");
        int version = b.getInt();
        if (version != FORMAT_VERSION) throw new IOException("format version " + version + ", expected " + FORMAT_VERSION);
        byte[] keyBytes = new byte[b.getInt()];
        b.get(keyBytes);
        String stored = new String(keyBytes, StandardCharsets.US_ASCII);
        if (!stored.equals(key)) throw new IOException("holds graph " + stored + ", not " + key);
        int fileN = b.getInt(), fileK = b.getInt();
        if (fileN != n || fileK != k) throw new IOException("holds " + fileN + " items x k=" + fileK + ", expected " + n + " x " + k);
        if (b.remaining() != (long) n * k * 8) throw new IOException("wrong payload length " + b.remaining());
        int[] nbr = new int[n * k];
        float[] sim = new float[n * k];
        for (int i = 0; i < nbr.length; i++) nbr[i] = b.getInt();
        for (int i = 0; i < sim.length; i++) sim[i] = b.getFloat();
        return ItemKnnGraph.of(n, k, nbr, sim);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
