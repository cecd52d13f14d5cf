package org.mmrec4j.features;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.IdMap;
import org.mmrec4j.data.io.InputFiles;
import org.mmrec4j.engine.Parallel;

/**
 * {@code image_feat.npy} from a user-supplied ONNX vision model over local image files. Images are found
 * either in a folder, where the file name without its extension is the external item id ({@code B000K2PJ4K.jpg}),
 * or through a two-column list file (header row, then {@code item_id<TAB>location} per line, where the location
 * is a path relative to the list file, an absolute path or a {@code file:} URL; nothing is downloaded). Each
 * image goes through {@link ImagePreprocessor}; the model's output for it, flattened, becomes the item's row.
 * All images are embedded before the first file is written, so an error leaves no output behind.
 */
public final class ImageFeatures {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "wbmp");

    /**
     * Where a model comes from, said whenever none is given or the file is missing: no package on Maven Central,
     * Debian or npm ships an image-embedding network in ONNX (the README's "Item features" lists those checked),
     * so the user exports one, and this says how and what input the defaults feed it.
     */
    public static final String WHERE_TO_GET_A_MODEL = "no image model ships with mmrec4j (no Maven, Debian or npm package "
            + "carries one in ONNX). Fix: export one, e.g. torchvision's ResNet-50 without its classifier (2048-d rows; "
            + "check the weights' terms): m = torchvision.models.resnet50(weights='DEFAULT'); m.fc = torch.nn.Identity(); "
            + "m.eval(); torch.onnx.export(m, torch.zeros(1, 3, 224, 224), 'resnet50.onnx', input_names=['pixels'], "
            + "dynamic_axes={'pixels': {0: 'batch'}}); then pass --onnx resnet50.onnx. By default the model gets float32 "
            + "batch x 3 x 224 x 224 (--size, --layout NHWC for channels-last models): RGB in [0, 1], centre-cropped, minus "
            + "ImageNet's mean 0.485,0.456,0.406 over its std 0.229,0.224,0.225 (--mean, --std)";

    /**
     * @param images folder of images named by item id, or null when {@code urlsFile} is given
     * @param outputName model output to use, or null for the first
     * @param skipBadImages when true an undecodable image is logged and its item gets the fill row
     */
    public record Options(Path onnx, Path images, Path urlsFile, Path dataset, Path out, ImagePreprocessor preprocessor,
                          String outputName, FeaturePolicy.Fill fill, FeaturePolicy.Unknown unknown,
                          FeaturePolicy.Missing missing, boolean skipBadImages, int batchSize, int workers, int intraOpThreads) {
        public Options {
            if (onnx == null) throw new IllegalArgumentException("features image needs --onnx MODEL.onnx: " + WHERE_TO_GET_A_MODEL);
            if ((images == null) == (urlsFile == null)) throw new IllegalArgumentException("give exactly one of --images and --urls-file");
            if (batchSize < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batchSize);
            if (workers < 1 || intraOpThreads < 1) throw new IllegalArgumentException("thread counts must be >= 1");
        }
    }

    /** What a run did. */
    public record Report(int items, int withImage, int filled, int unknownSkipped, int badImagesSkipped, int dim,
                         double seconds, Path features) {}

    /** One image source: the item it belongs to and where the id came from (for messages). */
    record Source(String id, Path file, Path origin, long line) {}

    private ImageFeatures() {}

    public static Report run(Options o, PrintStream log) {
        IdMap ids = FeatureFiles.itemIds(o.dataset());
        List<Source> sources = o.images() != null ? fromFolder(o.images()) : fromList(o.urlsFile());
        int n = ids.size();
        int[] itemOf = new int[sources.size()];
        List<Integer> kept = new ArrayList<>();
        int unknown = 0;
        List<String> unknownExamples = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            Source src = sources.get(s);
            int k = ids.tryIndex(src.id());
            if (k < 0) {
                if (o.unknown() == FeaturePolicy.Unknown.ERROR) {
                    throw new DataException(src.origin(), src.line(), "item '" + src.id() + "' is not in the dataset's "
                            + "i_id_mapping.csv (" + n + " items)", "remove the image, or pass --unknown-items warn");
                }
                unknown++;
                if (unknownExamples.size() < 5) unknownExamples.add(src.id());
                continue;
            }
            itemOf[s] = k;
            kept.add(s);
        }
        if (unknown > 0) {
            log.printf(Locale.ROOT, "warning: skipped %d images whose item is not in the dataset (e.g. %s)%n", unknown,
                    String.join(", ", unknownExamples));
        }
        if (kept.isEmpty()) {
            throw new DataException(o.images() != null ? o.images() : o.urlsFile(), "no image belongs to a dataset item",
                    "name image files by the external item id (first column of i_id_mapping.csv)");
        }
        if (o.missing() == FeaturePolicy.Missing.ERROR && kept.size() < n) {
            boolean[] has = new boolean[n];
            for (int s : kept) has[itemOf[s]] = true;
            throw new DataException(o.dataset().resolve("i_id_mapping.csv"), (n - kept.size()) + " of " + n
                    + " items have no image (e.g. " + String.join(", ", FeatureFiles.firstMissing(ids, has, 5)) + ")",
                    "add their images, or pass --missing fill");
        }
        FeatureFiles.prepareOutput(o.out());

        byte[] modelBytes = readModel(o.onnx());
        ImagePreprocessor pre = o.preprocessor();
        long start = System.nanoTime();
        float[][] rows = new float[sources.size()][];
        List<String> badImages = new ArrayList<>();
        String outputName;
        int batch;
        try (OrtSession session = OnnxModels.open(modelBytes, o.onnx().toString(), o.intraOpThreads())) {
            String inputName = inputName(session, o.onnx());
            long[] inputShape = inputShape(session, inputName, o.onnx(), pre);
            outputName = o.outputName() != null ? o.outputName() : session.getOutputNames().iterator().next();
            if (!session.getOutputNames().contains(outputName)) {
                throw new IllegalArgumentException(o.onnx() + " has no output '" + outputName + "' (outputs: "
                        + session.getOutputNames() + "). Fix: pass one of them to --output-name");
            }
            // a model exported with a fixed batch dimension gets exactly that many images per run (padded at the end)
            boolean fixedBatch = inputShape[0] > 0;
            batch = fixedBatch ? (int) inputShape[0] : o.batchSize();
            int batches = (kept.size() + batch - 1) / batch;
            AtomicInteger next = new AtomicInteger();
            int w = Math.max(1, Math.min(o.workers(), batches));
            final int b0 = batch;
            try (Progress progress = Progress.of("image features", kept.size(), log)) {
                Parallel.forChunks(w, w, (chunk, lo, hi) -> {
                    float[] input = new float[b0 * pre.length()];
                    for (int b; (b = next.getAndIncrement()) < batches; ) {
                        int from = b * b0, to = Math.min(kept.size(), from + b0);
                        int count = to - from;
                        Arrays.fill(input, 0f);
                        boolean[] ok = new boolean[count];
                        for (int j = 0; j < count; j++) {
                            Source src = sources.get(kept.get(from + j));
                            try {
                                pre.load(src.file(), input, j * pre.length());
                                ok[j] = true;
                            } catch (DataException e) {
                                if (!o.skipBadImages()) throw e;
                                synchronized (badImages) {
                                    badImages.add(src.file().toString());
                                }
                                log.println("warning: " + e.getMessage() + " (item '" + src.id() + "' gets the fill row)");
                            }
                        }
                        long[] shape = inputShape.clone();
                        shape[0] = fixedBatch ? b0 : count;
                        float[] out = runBatch(session, inputName, outputName, input, shape, o.onnx());
                        int rowsInOutput = (int) shape[0];
                        if (out.length % rowsInOutput != 0 || out.length == 0) {
                            throw new IllegalArgumentException(o.onnx() + " output '" + outputName + "' has " + out.length
                                    + " values for " + rowsInOutput + " images; expected a batch-first output");
                        }
                        int dim = out.length / rowsInOutput;
                        for (int j = 0; j < count; j++) {
                            if (ok[j]) rows[kept.get(from + j)] = Arrays.copyOfRange(out, j * dim, (j + 1) * dim);
                        }
                        progress.step(count);
                    }
                });
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session of " + o.onnx(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        int dim = -1;
        boolean[] present = new boolean[n];
        for (int s : kept) {
            if (rows[s] == null) continue;
            dim = rows[s].length;
            present[itemOf[s]] = true;
        }
        if (dim < 0) throw new IllegalArgumentException("no image could be decoded; nothing was written");
        int withImage = 0;
        float[] data = new float[n * dim];
        for (int s : kept) {
            if (rows[s] == null) continue;
            System.arraycopy(rows[s], 0, data, itemOf[s] * dim, dim);
        }
        for (boolean p : present) if (p) withImage++;
        if (withImage < n) {
            log.printf(Locale.ROOT, "%d of %d items have no image (e.g. %s): %s rows%n", n - withImage, n,
                    String.join(", ", FeatureFiles.firstMissing(ids, present, 5)), o.fill().name().toLowerCase(Locale.ROOT));
        }
        FeatureFiles.fill(data, n, dim, present, o.fill());
        FeatureMatrix m = new FeatureMatrix(n, dim, data);
        long bad = m.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException(o.onnx() + " produced a non-finite value for item '" + ids.id((int) (bad / dim))
                    + "'; nothing was written");
        }

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("model_file", o.onnx().toAbsolutePath().normalize().toString());
        manifest.put("model_sha256", Hashing.sha256(modelBytes));
        manifest.put("output_name", outputName);
        manifest.put("preprocessing", pre.describe());
        manifest.put("images", o.images() != null ? o.images().toAbsolutePath().normalize().toString()
                : o.urlsFile().toAbsolutePath().normalize().toString());
        manifest.put("image_sources", sources.size());
        manifest.put("image_sources_not_in_dataset", unknown);
        manifest.put("items_with_image", withImage);
        manifest.put("items_without_image", n - withImage);
        badImages.sort(null);
        manifest.put("bad_images_skipped", badImages);
        manifest.put("fill", o.fill().name().toLowerCase(Locale.ROOT));
        manifest.put("batch_size", batch);
        FeatureFiles.write(o.out(), "image", m, present, manifest);
        return new Report(n, withImage, n - withImage, unknown, badImages.size(), dim, seconds, FeatureFiles.features(o.out(), "image"));
    }

    private static float[] runBatch(OrtSession session, String inputName, String outputName, float[] input, long[] shape, Path model) {
        int length = 1;
        for (long d : shape) length *= (int) d;
        try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(input, 0, length), shape);
             OrtSession.Result r = session.run(Map.of(inputName, t), Set.of(outputName))) {
            return OnnxModels.floats(r.get(0), model + " output '" + outputName + "'");
        } catch (OrtException e) {
            throw new IllegalArgumentException(model + " failed on an input of shape " + Arrays.toString(shape) + ": "
                    + OnnxModels.firstLine(e.getMessage()) + ". Fix: check --layout and --size against the model's input", e);
        }
    }

    private static byte[] readModel(Path onnx) {
        try {
            return Files.readAllBytes(onnx);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the ONNX model " + onnx + " does not exist. Check the --onnx path; if you have "
                    + "no model yet: " + WHERE_TO_GET_A_MODEL);
        } catch (IOException e) {
            throw InputFiles.failure(onnx, "cannot read", e);
        }
    }

    private static String inputName(OrtSession session, Path model) {
        Set<String> inputs = session.getInputNames();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(model + " has " + inputs.size() + " inputs " + inputs
                    + "; an image model here takes exactly one image tensor");
        }
        return inputs.iterator().next();
    }

    /** The model's input shape with the batch dimension as given (-1 when free) and the image dimensions set. */
    private static long[] inputShape(OrtSession session, String name, Path model, ImagePreprocessor pre) {
        NodeInfo info;
        try {
            info = session.getInputInfo().get(name);
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot read the inputs of " + model + ": " + OnnxModels.firstLine(e.getMessage()), e);
        }
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException(model + " input '" + name + "' is " + info.getInfo() + "; expected a float32 image tensor");
        }
        long[] shape = t.getShape();
        if (shape.length != 4) {
            throw new IllegalArgumentException(model + " input '" + name + "' has rank " + shape.length + " "
                    + Arrays.toString(shape) + "; expected a 4-d image batch (NCHW or NHWC)");
        }
        boolean nchw = pre.layoutIsNchw();
        long[] want = nchw ? new long[] {shape[0], 3, pre.size(), pre.size()} : new long[] {shape[0], pre.size(), pre.size(), 3};
        for (int d = 1; d < 4; d++) {
            if (shape[d] > 0 && shape[d] != want[d]) {
                throw new IllegalArgumentException(model + " input '" + name + "' has shape " + Arrays.toString(shape)
                        + " but --size " + pre.size() + " and --layout " + (nchw ? "NCHW" : "NHWC") + " give "
                        + Arrays.toString(want) + ". Fix: set --size and --layout to match the model");
            }
        }
        return want;
    }

    /** Image files in {@code dir} (not recursive), sorted by name; the id is the name without its extension. */
    static List<Source> fromFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the image folder " + dir + " does not exist. Fix: check the --images path");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> IMAGE_EXTENSIONS.contains(extension(p))).sorted().toList();
        } catch (IOException e) {
            throw InputFiles.failure(dir, "cannot list", e);
        }
        Map<String, Path> byId = new HashMap<>();
        List<Source> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.substring(0, name.lastIndexOf('.'));
            Path before = byId.putIfAbsent(id, f);
            if (before != null) {
                throw new DataException(f, "a second image for item '" + id + "' (first: " + before.getFileName() + ")",
                        "keep one image per item");
            }
            out.add(new Source(id, f, f, 0));
        }
        if (out.isEmpty()) {
            throw new DataException(dir, "no image files (" + IMAGE_EXTENSIONS + ") in the folder", "check the --images path");
        }
        return out;
    }

    /** A header row, then {@code item_id<TAB or comma>location} per line. */
    static List<Source> fromList(Path file) {
        List<Source> out = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            if (line == null) throw new DataException(file, "file is empty", "write a header row, then item_id<TAB>path lines");
            long no = 1;
            Path base = file.toAbsolutePath().getParent();
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                char sep = line.indexOf('\t') >= 0 ? '\t' : ',';
                int at = line.indexOf(sep);
                if (at < 0) throw new DataException(file, no, "expected 'item_id<TAB>location'", "write two columns per line");
                String id = line.substring(0, at).strip();
                String location = line.substring(at + 1).strip();
                if (id.isEmpty() || location.isEmpty()) throw new DataException(file, no, "empty item id or location", "fill both columns");
                Long before = seen.putIfAbsent(id, no);
                if (before != null) {
                    throw new DataException(file, no, "item '" + id + "' already listed on line " + before, "keep one image per item");
                }
                out.add(new Source(id, localPath(file, no, base, location), file, no));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the image list " + file + " does not exist. Fix: check the --urls-file path");
        } catch (IOException e) {
            throw InputFiles.failure(file, "cannot read", e);
        }
        if (out.isEmpty()) throw new DataException(file, "lists no images", "write item_id<TAB>path lines after the header");
        return out;
    }

    private static Path localPath(Path file, long line, Path base, String location) {
        int colon = location.indexOf(':');
        boolean hasScheme = colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        if (!hasScheme) return base.resolve(location).normalize();
        if (!location.regionMatches(true, 0, "file:", 0, 5)) {
            throw new DataException(file, line, "'" + location + "' is not a local file; images are never downloaded",
                    "download the images first and list their local paths or file: URLs");
        }
        try {
            return Path.of(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new DataException(file, line, "malformed file URL '" + location + "'", "write file:///absolute/path.jpg");
        }
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
