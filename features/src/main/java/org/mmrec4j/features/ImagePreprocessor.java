package org.mmrec4j.features;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.mmrec4j.data.DataException;

/**
 * Turns an image file into the model's input: decode with {@code javax.imageio} (PNG, JPEG, GIF, BMP),
 * scale the shorter side to {@code size} with bilinear interpolation, crop the centre {@code size × size},
 * scale RGB to [0, 1], subtract {@code mean} and divide by {@code std} per channel, and lay the values out as
 * CHW or HWC. These are torchvision's usual evaluation transforms with the resize and crop sizes equal.
 */
public final class ImagePreprocessor {
    /** Channel order of the model input. */
    public enum Layout { NCHW, NHWC }

    /** ImageNet statistics, the usual defaults of ImageNet-trained vision models. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final int size;
    private final float[] mean;
    private final float[] std;
    private final Layout layout;

    public ImagePreprocessor(int size, float[] mean, float[] std, Layout layout) {
        if (size < 1) throw new IllegalArgumentException("--size must be >= 1, got " + size);
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("--mean and --std need 3 values (R,G,B), got " + mean.length + " and " + std.length);
        }
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("--std values must be > 0, got " + s);
        this.size = size;
        this.mean = mean.clone();
        this.std = std.clone();
        this.layout = layout;
    }

    public boolean layoutIsNchw() {
        return layout == Layout.NCHW;
    }

    public int size() {
        return size;
    }

    /** Values per image: 3 × size × size. */
    public int length() {
        return 3 * size * size;
    }

    /** Decodes and preprocesses {@code file} into {@code dst[offset .. offset + length())}. */
    public void load(Path file, float[] dst, int offset) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new DataException(file, "image file does not exist", "fix the path, or pass --skip-bad-images");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataException(file, "cannot decode the image: " + OnnxModels.firstLine(e.getMessage()),
                    "replace the file with a valid PNG/JPEG/GIF/BMP, or pass --skip-bad-images");
        }
        if (img == null) {
            throw new DataException(file, "not an image format javax.imageio can read",
                    "convert it to PNG or JPEG, or pass --skip-bad-images");
        }
        BufferedImage square = resizeAndCrop(img);
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = square.getRGB(x, y);
                float[] v = {((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f};
                for (int c = 0; c < 3; c++) {
                    float z = (v[c] - mean[c]) / std[c];
                    int at = layout == Layout.NCHW ? c * plane + y * size + x : (y * size + x) * 3 + c;
                    dst[offset + at] = z;
                }
            }
        }
    }

    private BufferedImage resizeAndCrop(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        double scale = (double) size / Math.min(w, h);
        int sw = Math.max(size, (int) Math.round(w * scale));
        int sh = Math.max(size, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            // draw the scaled image so that its centre lands on the centre of the square
            g.drawImage(img, -(sw - size) / 2, -(sh - size) / 2, sw, sh, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    public String describe() {
        return "shorter side to " + size + " (bilinear), centre crop " + size + "x" + size + ", RGB/255, (x-mean)/std, " + layout;
    }
}
