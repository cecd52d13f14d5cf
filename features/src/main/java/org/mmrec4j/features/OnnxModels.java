package org.mmrec4j.features;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;

/** Opening ONNX Runtime sessions with the thread settings this project uses, and reading float outputs. */
final class OnnxModels {
    private OnnxModels() {}

    /**
     * A CPU session with {@code intraOpThreads} threads per run and no inter-op parallelism. Spinning is off
     * when more than one thread is used: on a shared machine spinning workers steal the cores they wait for.
     *
     * @param what names the model in the error when the bytes are not a loadable ONNX model
     */
    static OrtSession open(byte[] model, String what, int intraOpThreads) {
        if (intraOpThreads < 1) throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(intraOpThreads);
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 1) o.addConfigEntry("session.intra_op.allow_spinning", "0");
            return env.createSession(model, o);
        } catch (OrtException e) {
            throw new IllegalArgumentException(what + " is not a loadable ONNX model: " + firstLine(e.getMessage())
                    + ". Fix: give an .onnx file exported with opset <= 21 (re-export it if it is truncated)", e);
        }
    }

    /** The values of a float tensor output, flattened in C order. */
    static float[] floats(OnnxValue value, String what) {
        if (!(value instanceof OnnxTensor t)) {
            throw new IllegalArgumentException(what + " is not a tensor (" + value.getType() + ")");
        }
        FloatBuffer fb;
        try {
            fb = t.getFloatBuffer();
        } catch (RuntimeException e) {
            fb = null;
        }
        if (fb == null) {
            throw new IllegalArgumentException(what + " has element type " + t.getInfo().type + ", expected float32");
        }
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
