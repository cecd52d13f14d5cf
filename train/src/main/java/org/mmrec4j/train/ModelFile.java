package org.mmrec4j.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.engine.Params;

/**
 * model.bin: the parameters of the best validation epoch, what serving and batch recommendation load.
 * Layout: magic, a JSON header (model, best epoch), the parameters, then the SHA-256 of all preceding
 * bytes, so a truncated or corrupted file is refused before anything is restored. Written atomically.
 */
public final class ModelFile {
    public static final String NAME = "model.bin";
    private static final byte[] MAGIC = "MMREC4J-MODEL-1\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the header records. */
    public record Header(String model, int bestEpoch) {}

    private ModelFile() {}

    public static void write(Path file, Header header, Params params) {
        write(file, header, params, snapshot(params));
    }

    /** A copy of every parameter's values, in the set's order: cheap next to an epoch, and what {@link #write} saves. */
    public static float[][] snapshot(Params params) {
        return params.tensors().stream().map(t -> t.data().clone()).toArray(float[][]::new);
    }

    /** Writes the given values (a {@link #snapshot} of params) under params' names and shapes. */
    public static void write(Path file, Header header, Params params, float[][] values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.write(MAGIC);
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("model", header.model());
                h.put("best_epoch", header.bestEpoch());
                byte[] json = JSON.writeValueAsBytes(h);
                out.writeInt(json.length);
                out.write(json);
                // The layout of Params.write, so Params.readInto restores it.
                out.writeInt(params.asMap().size());
                int p = 0;
                for (Map.Entry<String, org.mmrec4j.engine.Tensor> e : params.asMap().entrySet()) {
                    float[] v = values[p++];
                    if (v.length != e.getValue().size()) throw new IllegalArgumentException("snapshot of " + e.getKey() + " has the wrong size");
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().rows());
                    out.writeInt(e.getValue().cols());
                    for (float x : v) out.writeFloat(x);
                }
            }
            byte[] body = bytes.toByteArray();
            byte[] digest = Checkpoint.sha256(body);
            AtomicFiles.write(file, o -> {
                o.write(body);
                o.write(digest);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Restores the parameters in place; refuses a corrupt file or one of another model's layout. */
    public static Header read(Path file, Params params) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " not found: the run has no saved model. "
                    + "Fix: train it again with this version (model.bin is written at every best validation epoch)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (all.length < MAGIC.length + 32
                || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)
                || !Arrays.equals(Checkpoint.sha256(Arrays.copyOf(all, all.length - 32)), Arrays.copyOfRange(all, all.length - 32, all.length))) {
            throw new IllegalStateException(file + ": model file is corrupt (checksum mismatch or truncated). Fix: train the run again");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 32 - MAGIC.length))) {
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Map<String, Object> h = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
            params.readInto(in);
            return new Header(String.valueOf(h.get("model")), ((Number) h.get("best_epoch")).intValue());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }
}
