package org.mmrec4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.IdMap;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.data.io.NpyWriter;
import org.mmrec4j.engine.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmrec4j bench synth}: a dataset with real interactions and random features, for timing
 * multimodal models at a real dataset's size (tiktok.md's "baby-size synthetic" set) without its features.
 *
 * <p>It copies the base folder's single {@code .inter} file unchanged as {@code <name>.inter} and writes,
 * for n_items = max itemID + 1 over all splits:
 * <ul>
 *   <li>{@code image_feat.npy}: n_items × image-dim, each value |N(0, 1)| (non-negative, like CNN activations);</li>
 *   <li>{@code text_feat.npy}: n_items × text-dim, each row N(0, 1) values scaled to unit L2 norm (like
 *       sentence-transformer output);</li>
 *   <li>{@code u_id_mapping.csv}, {@code i_id_mapping.csv}: the base's, copied unchanged, so external ids
 *       (and {@code features text}, which matches items to a catalog by them) work on the copy; where the base
 *       has none, maps whose external id is the index;</li>
 *   <li>{@code SOURCE.md}: how the folder was made.</li>
 * </ul>
 * Every file is written atomically. The values depend only on the seed and the shapes: image values come
 * from the stream {@code Rng(seed).split("image")} and text values from {@code split("text")}, row by row.
 * The name defaults to {@code <base>_synth}, so no dataset YAML applies and every model runs with its own
 * defaults, which are the settings tiktok.md's timings used. Timing barely depends on the feature values,
 * except where a kNN graph is built.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Copies a dataset's interactions and writes random image and text features of the given widths.")
final class SynthCommand implements Callable<Integer> {
    @Option(names = "--base", required = true, description = "dataset folder whose .inter file is copied") Path base;
    @Option(names = "--out", required = true, description = "output folder (created if missing)") Path out;
    @Option(names = "--seed", description = "random seed (default 7)") long seed = 7;
    @Option(names = "--image-dim", description = "image feature width (default 4096)") int imageDim = 4096;
    @Option(names = "--text-dim", description = "text feature width (default 384)") int textDim = 384;
    @Option(names = "--name", description = "dataset name, i.e. the copied .inter's base name (default <base>_synth)") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (imageDim <= 0 || textDim <= 0) throw new IllegalArgumentException("--image-dim and --text-dim must be > 0");
        Path inter = singleInter(base);
        String baseName = inter.getFileName().toString().replaceFirst("\\.inter$", "");
        String dataset = name != null ? name : baseName + "_synth";
        Dataset d = Dataset.load(base, DatasetOptions.defaults().withLoadFeatures(false));
        int items = d.numItems();

        AtomicFiles.write(out.resolve(dataset + ".inter"), o -> Files.copy(inter, o));
        NpyWriter.write(out.resolve("image_feat.npy"), imageFeatures(items, imageDim, new Rng(seed).split("image")));
        NpyWriter.write(out.resolve("text_feat.npy"), textFeatures(items, textDim, new Rng(seed).split("text")));
        String maps = idMap(base, out, "u_id_mapping.csv", d.numUsers(), "user_id", "userID") + ", "
                + idMap(base, out, "i_id_mapping.csv", items, "item_id", "itemID");
        AtomicFiles.writeString(out.resolve("SOURCE.md"), String.format(Locale.ROOT,
                "# %s: synthetic features over real interactions%n%n"
                        + "Made by `mmrec4j bench synth --base %s --seed %d --image-dim %d --text-dim %d`.%n"
                        + "- `%s.inter`: copied unchanged from `%s` (%d users, %d items).%n"
                        + "- `image_feat.npy`: %d x %d float32, |N(0,1)|.%n"
                        + "- `text_feat.npy`: %d x %d float32, N(0,1) rows scaled to unit L2 norm.%n"
                        + "- id maps: %s.%n",
                dataset, base, seed, imageDim, textDim, dataset, inter, d.numUsers(), items, items, imageDim, items, textDim, maps));
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d users, %d items, %d interactions; image %d-d, text %d-d, seed %d -> %s%n",
                dataset, d.numUsers(), items, rows(inter), imageDim, textDim, seed, out);
        return 0;
    }

    /** |N(0, 1)| per value, row-major. */
    static FeatureMatrix imageFeatures(int items, int dim, Rng rng) {
        float[] v = new float[Math.multiplyExact(items, dim)];
        for (int k = 0; k < v.length; k++) v[k] = (float) Math.abs(rng.nextGaussian());
        return new FeatureMatrix(items, dim, v);
    }

    /** N(0, 1) rows scaled to unit L2 norm. */
    static FeatureMatrix textFeatures(int items, int dim, Rng rng) {
        float[] v = new float[Math.multiplyExact(items, dim)];
        for (int i = 0; i < items; i++) {
            double sq = 0;
            for (int j = 0; j < dim; j++) {
                double g = rng.nextGaussian();
                v[i * dim + j] = (float) g;
                sq += g * g;
            }
            float inv = (float) (1 / Math.sqrt(sq));
            for (int j = 0; j < dim; j++) v[i * dim + j] *= inv;
        }
        return new FeatureMatrix(items, dim, v);
    }

    /** Copies the base's id map {@code file}, or writes one whose ids are the indexes; says which it did. */
    private static String idMap(Path base, Path out, String file, int size, String idColumn, String indexColumn) {
        Path from = base.resolve(file);
        if (Files.isRegularFile(from)) {
            AtomicFiles.write(out.resolve(file), o -> Files.copy(from, o));
            return "`" + file + "` copied from the base";
        }
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < size; k++) ids.add(Integer.toString(k));
        IdMap.of(ids).withColumns(idColumn, indexColumn).save(out.resolve(file));
        return "`" + file + "` written with ids = indexes (the base has none)";
    }

    /** Data rows of an interaction file (all splits, before any filtering). */
    private static long rows(Path inter) {
        try (Stream<String> lines = Files.lines(inter)) {
            return lines.skip(1).filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + inter, e);
        }
    }

    private static Path singleInter(Path dir) {
        if (!Files.isDirectory(dir)) throw new DataException(dir, "is not a directory", "pass --base with a dataset folder");
        try (Stream<Path> files = Files.list(dir)) {
            var inters = files.filter(p -> p.getFileName().toString().endsWith(".inter")).sorted().toList();
            if (inters.size() != 1) {
                throw new DataException(dir, inters.isEmpty() ? "holds no .inter file" : "holds several .inter files " + inters,
                        "pass --base with a folder that holds exactly one <name>.inter");
            }
            return inters.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
