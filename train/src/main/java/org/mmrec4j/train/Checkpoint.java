package org.mmrec4j.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.engine.optim.Optimizer;
import org.mmrec4j.models.Recommender;

/**
 * A resumable training state: the epochs done, the early-stopping state, the best results so far (with
 * their per-user test values, so test_per_user.csv survives a resume), the
 * log, the parameters and the optimizer moments. Random streams need no saving because every epoch's
 * streams derive from the seed and the epoch number.
 *
 * <p>Layout: magic, a JSON header, parameters, optimizer state, the model's own training state
 * ({@link Recommender#writeTrainingState}: GUIDER's teacher, DiffMM's denoisers), then the SHA-256 of
 * all preceding bytes, so a truncated or corrupted file is detected before anything is restored.
 */
final class Checkpoint {
    private static final byte[] MAGIC = "MMREC4J-CKPT-2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The light part of the state, stored as JSON. */
    record State(int epochsDone, double bestScore, int counter, int bestEpoch, Map<String, Double> bestValid,
                 Map<String, Double> bestTest, List<EpochRecord> log, String comboKey,
                 UserMetrics bestTestUsers) {}

    private Checkpoint() {}

    static void write(Path file, State state, Recommender model, Optimizer optimizer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.write(MAGIC);
                byte[] header = JSON.writeValueAsBytes(state);
                out.writeInt(header.length);
                out.write(header);
                model.params().write(out);
                optimizer.writeState(out);
                model.writeTrainingState(out);
            }
            byte[] body = bytes.toByteArray();
            byte[] digest = sha256(body);
            AtomicFiles.write(file, o -> {
                o.write(body);
                o.write(digest);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** Restores the model (parameters and training state) and the optimizer in place and returns the light state. */
    static State read(Path file, Recommender model, Optimizer optimizer) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        if (all.length < MAGIC.length + 32
                || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)
                || !Arrays.equals(sha256(Arrays.copyOf(all, all.length - 32)), Arrays.copyOfRange(all, all.length - 32, all.length))) {
            throw new IllegalStateException(file + ": checkpoint is corrupt (checksum mismatch or truncated), or was written by "
                    + "an older mmrec4j. Fix: delete it and train again, or resume from an intact copy.");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 32 - MAGIC.length))) {
            byte[] header = new byte[in.readInt()];
            in.readFully(header);
            State state = JSON.readValue(header, new TypeReference<State>() {});
            model.params().readInto(in);
            optimizer.readState(in);
            model.readTrainingState(in);
            if (in.available() != 0) {
                throw new IllegalStateException(file + ": checkpoint does not match this model's training state (" + in.available()
                        + " bytes left over). Fix: resume with the config that wrote it, or delete it and train again.");
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse checkpoint " + file, e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
