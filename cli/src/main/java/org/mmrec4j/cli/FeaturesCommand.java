package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.features.FeaturePolicy;
import org.mmrec4j.features.ImageFeatures;
import org.mmrec4j.features.ImagePreprocessor;
import org.mmrec4j.features.TextFeatures;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Offline item features: {@code features text} (MiniLM over a catalog) and {@code features image} (an ONNX model). */
@Command(name = "features", mixinStandardHelpOptions = true, description = "Compute item feature files offline.",
        subcommands = {FeaturesCommand.Text.class, FeaturesCommand.Image.class})
public final class FeaturesCommand {

    /** Options both subcommands share. */
    static final class Shared {
        @Option(names = "--data", required = true, description = "dataset folder with i_id_mapping.csv") Path data;
        @Option(names = "--out", description = "where the feature files go (default: the --data folder)") Path out;
        @Option(names = "--fill", description = "row for items without input: zero (default) or mean") String fill = "zero";
        @Option(names = "--unknown-items", description = "input ids not in the dataset: warn (skip, default) or error") String unknown = "warn";
        @Option(names = "--missing", description = "dataset items without input: fill (default) or error") String missing = "fill";
        @Option(names = "--intra-op-threads", description = "ONNX Runtime threads per batch (default 1; "
                + "batches run in parallel on --threads / this many workers)") int intraOp = 1;
        @Mixin CommonOptions common;

        Path out() {
            return out != null ? out : data;
        }

        int workers() {
            common.apply();
            return Math.max(1, Parallel.threads() / Math.max(1, intraOp));
        }
    }

    @Command(name = "text", mixinStandardHelpOptions = true,
            description = "text_feat.npy: all-MiniLM-L6-v2 over each item's catalog text (MMRec notebook 3), "
                    + "rows in the dataset's item order, plus text_feat.mask.npy and text_feat.manifest.json.")
    static final class Text implements Callable<Integer> {
        @Option(names = "--catalog", required = true, description = "CSV/TSV with a header, or JSON lines (Amazon metadata; .gz ok)") Path catalog;
        @Option(names = "--fields", split = ",", description = "fields joined into the text, in order (default: title,brand,categories,description)")
        List<String> fields = TextFeatures.DEFAULT_FIELDS;
        @Option(names = "--id-field", description = "catalog field holding the external item id (default: asin)") String idField = "asin";
        @Option(names = "--aggregate", description = "several catalog rows of one item (e.g. reviews): error (default), "
                + "concat (their texts in file order, then truncated as usual) or first (the first row with text)")
        String aggregate = "error";
        @Option(names = "--batch", description = "texts per model run, at most (default 32; a run also stops at 1024 padded word pieces, "
                + "so 256-piece texts go 4 at a time)") int batch = 32;
        @Mixin Shared shared;

        @Override
        public Integer call() {
            TextFeatures.Options o = new TextFeatures.Options(catalog, shared.data, shared.out(), fields, idField,
                    policy(FeaturePolicy.Fill.class, shared.fill, "--fill"), policy(FeaturePolicy.Unknown.class, shared.unknown, "--unknown-items"),
                    policy(FeaturePolicy.Missing.class, shared.missing, "--missing"), batch, shared.workers(), shared.intraOp,
                    policy(FeaturePolicy.Aggregate.class, aggregate, "--aggregate"));
            TextFeatures.Report r = TextFeatures.run(o, System.err);
            System.out.printf(Locale.ROOT, "text features: %d items, %d with text, %d filled (%s), %d catalog records not in the dataset%n",
                    r.items(), r.withText(), r.filled(), shared.fill, r.unknownSkipped());
            System.out.printf(Locale.ROOT, "embedded %d texts in %.1f s (%.1f texts/s, %d workers x %d ONNX threads) -> %s%n",
                    r.withText(), r.seconds(), r.textsPerSecond(), o.workers(), o.intraOpThreads(), r.features());
            return 0;
        }
    }

    @Command(name = "image", mixinStandardHelpOptions = true,
            description = "image_feat.npy from an ONNX vision model over local images named by external item id "
                    + "(or listed in --urls-file), plus image_feat.mask.npy and image_feat.manifest.json. Nothing is downloaded.")
    static final class Image implements Callable<Integer> {
        // Not required by picocli, so that leaving it out gets ImageFeatures' explanation of where to get a model.
        @Option(names = "--onnx", description = "the vision model (.onnx), one float image input; none ships with mmrec4j, "
                + "leave this out to see how to export one") Path onnx;

        static final class Source {
            @Option(names = "--images", required = true, description = "folder of images; file name without extension = item id") Path images;
            @Option(names = "--urls-file", required = true, description = "header row, then item_id<TAB>local path or file: URL") Path urls;
        }

        @ArgGroup(exclusive = true, multiplicity = "1") Source source;
        @Option(names = "--size", description = "square input side in pixels (default 224)") int size = 224;
        @Option(names = "--mean", split = ",", description = "per-channel RGB mean on the [0,1] scale (default ImageNet's)") float[] mean = ImagePreprocessor.IMAGENET_MEAN;
        @Option(names = "--std", split = ",", description = "per-channel RGB std (default ImageNet's)") float[] std = ImagePreprocessor.IMAGENET_STD;
        @Option(names = "--layout", description = "NCHW (default) or NHWC") String layout = "NCHW";
        @Option(names = "--output-name", description = "model output to use (default: the first)") String outputName;
        @Option(names = "--skip-bad-images", description = "an undecodable image gets the fill row instead of an error") boolean skipBad;
        @Option(names = "--batch", description = "images per model run (default 16; a fixed batch dimension wins)") int batch = 16;
        @Mixin Shared shared;

        @Override
        public Integer call() {
            ImagePreprocessor pre = new ImagePreprocessor(size, mean, std, policy(ImagePreprocessor.Layout.class, layout, "--layout"));
            ImageFeatures.Options o = new ImageFeatures.Options(onnx, source.images, source.urls, shared.data, shared.out(), pre,
                    outputName, policy(FeaturePolicy.Fill.class, shared.fill, "--fill"),
                    policy(FeaturePolicy.Unknown.class, shared.unknown, "--unknown-items"),
                    policy(FeaturePolicy.Missing.class, shared.missing, "--missing"), skipBad, batch, shared.workers(), shared.intraOp);
            ImageFeatures.Report r = ImageFeatures.run(o, System.err);
            System.out.printf(Locale.ROOT, "image features: %d items x %d, %d with an image, %d filled (%s), %d images not in the "
                    + "dataset, %d undecodable skipped; %.1f s -> %s%n", r.items(), r.dim(), r.withImage(), r.filled(), shared.fill,
                    r.unknownSkipped(), r.badImagesSkipped(), r.seconds(), r.features());
            return 0;
        }
    }

    /** Case-insensitive enum option values with an error that lists the choices. */
    static <E extends Enum<E>> E policy(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) return e;
        }
        throw new IllegalArgumentException(option + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
    }
}
