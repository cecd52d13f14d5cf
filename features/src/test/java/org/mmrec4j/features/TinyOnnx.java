package org.mmrec4j.features;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-encoded ONNX models (protobuf wire format) for tests, so no exporter is needed: a global average
 * pool over an NCHW image batch, and a mean over the spatial axes of an NHWC batch. Both output one value per
 * channel, so an image's expected row is its per-channel mean after preprocessing.
 */
final class TinyOnnx {
    private TinyOnnx() {}

    /** pixels [batch, 3, size, size] -> GlobalAveragePool -> Flatten -> features [batch, 3]; batch <= 0 means free. */
    static byte[] nchwChannelMeans(int batch, int size) {
        byte[] pool = node("GlobalAveragePool", "pixels", "pooled", new byte[0]);
        byte[] flatten = node("Flatten", "pooled", "features", intAttribute("axis", 1));
        return model(new byte[][] {pool, flatten}, valueInfo("pixels", batch, 3, size, size), valueInfo("features", batch, 3));
    }

    /** pixels [batch, size, size, 3] -> ReduceMean(axes 1,2, keepdims 0) -> features [batch, 3]. */
    static byte[] nhwcChannelMeans(int size) {
        byte[] attrs = concat(intsAttribute("axes", 1, 2), intAttribute("keepdims", 0));
        byte[] mean = node("ReduceMean", "pixels", "features", attrs);
        return model(new byte[][] {mean}, valueInfo("pixels", -1, size, size, 3), valueInfo("features", -1, 3));
    }

    private static byte[] model(byte[][] nodes, byte[] input, byte[] output) {
        Proto graph = new Proto();
        for (byte[] n : nodes) graph.bytes(1, n);
        graph.string(2, "tiny");
        graph.bytes(11, input);
        graph.bytes(12, output);
        Proto opset = new Proto().varint(2, 13);
        return new Proto().varint(1, 7).string(2, "mmrec4j-test").bytes(7, graph.toBytes()).bytes(8, opset.toBytes()).toBytes();
    }

    private static byte[] node(String op, String input, String output, byte[] attributes) {
        Proto p = new Proto().string(1, input).string(2, output).string(3, op.toLowerCase()).string(4, op);
        return concat(p.toBytes(), attributes);
    }

    /** An attribute as a NodeProto field 5 entry (already wrapped). */
    private static byte[] intAttribute(String name, long value) {
        byte[] a = new Proto().string(1, name).varint(3, value).varint(20, 2).toBytes();
        return new Proto().bytes(5, a).toBytes();
    }

    private static byte[] intsAttribute(String name, long... values) {
        Proto a = new Proto().string(1, name);
        for (long v : values) a.varint(8, v);
        a.varint(20, 7);
        return new Proto().bytes(5, a.toBytes()).toBytes();
    }

    /** A float tensor value; a dimension <= 0 is symbolic ("N"). */
    private static byte[] valueInfo(String name, int... dims) {
        Proto shape = new Proto();
        for (int d : dims) shape.bytes(1, d > 0 ? new Proto().varint(1, d).toBytes() : new Proto().string(2, "N").toBytes());
        Proto tensor = new Proto().varint(1, 1).bytes(2, shape.toBytes());
        Proto type = new Proto().bytes(1, tensor.toBytes());
        return new Proto().string(1, name).bytes(2, type.toBytes()).toBytes();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A protobuf message under construction. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
