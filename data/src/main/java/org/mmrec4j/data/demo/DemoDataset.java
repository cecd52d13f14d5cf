package org.mmrec4j.data.demo;

import java.nio.file.Path;
import java.util.Arrays;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.ItemTexts;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.data.io.NpyWriter;
import org.mmrec4j.data.prep.InterWriter;
import org.mmrec4j.data.prep.Splitter;
import org.mmrec4j.engine.Rng;

/**
 * Generates the demo dataset: 1,500 users, 1,500 items, about 12k interactions, an 8:1:1 random split and
 * two feature modalities, {@code image} (32-d) and {@code text} (16-d).
 *
 * <p>Generative process: 60 cluster centres in an 8-d taste space; each item's latent factor is its
 * cluster centre plus noise, and each user's is a random centre plus noise. A user with {@code n}
 * interactions (3 to 12, uniform) picks {@code n} distinct items by Gumbel top-n sampling from
 * {@code softmax(TASTE * <u, v_i> / sqrt(8) + b_i)}, where {@code b_i} is a weak popularity term; an item
 * no user picked goes to the user who likes it most, so every item has a row. Both feature modalities are
 * fixed random linear maps of {@code v_i} plus little noise.
 *
 * <p>So the interactions are sparse (about 8 per item, 6 in training) and taste is sharp: the item factors
 * that decide every choice are visible in the features but poorly recoverable from a handful of
 * co-occurrences, which is why the multimodal models (VBPR, FREEDOM) beat LightGCN on this data.
 *
 * <p>All arithmetic uses {@link StrictMath} and the engine's {@link Rng}, so one seed gives byte-identical
 * files on every JVM.
 */
public final class DemoDataset {
    public static final int NUM_USERS = 1500;
    public static final int NUM_ITEMS = 1500;
    public static final int IMAGE_DIM = 32;
    public static final int TEXT_DIM = 16;
    static final int LATENT = 8;
    static final int CLUSTERS = 60;
    static final double TASTE = 6.0;
    static final double POPULARITY = 0.3;
    static final double FEATURE_NOISE = 0.1;
    static final double ITEM_SPREAD = 0.8;
    static final double USER_SPREAD = 1.0;
    static final int MIN_INTERACTIONS = 3;
    static final int MAX_INTERACTIONS = 12;

    private DemoDataset() {}

    /** Writes demo.inter, image_feat.npy, text_feat.npy, item_text.tsv and README.md into {@code dir}, each atomically. */
    public static void generate(Path dir, long seed) {
        Rng root = new Rng(seed);
        Rng latentRng = root.split("latent");
        double[][] centres = gaussians(latentRng, CLUSTERS, LATENT, 1.0);
        double[][] itemF = new double[NUM_ITEMS][];
        int[] itemCluster = new int[NUM_ITEMS];
        for (int i = 0; i < NUM_ITEMS; i++) {
            itemCluster[i] = latentRng.nextInt(CLUSTERS);
            itemF[i] = plusNoise(centres[itemCluster[i]], latentRng, ITEM_SPREAD);
        }
        double[][] userF = new double[NUM_USERS][];
        for (int u = 0; u < NUM_USERS; u++) {
            userF[u] = plusNoise(centres[latentRng.nextInt(CLUSTERS)], latentRng, USER_SPREAD);
        }
        double[] bias = new double[NUM_ITEMS];
        for (int i = 0; i < NUM_ITEMS; i++) bias[i] = POPULARITY * gaussian(latentRng);

        Rng pick = root.split("interactions");
        int[] users = new int[NUM_USERS * MAX_INTERACTIONS + NUM_ITEMS];
        int[] items = new int[users.length];
        long[] times = new long[users.length];
        int n = 0;
        double scale = TASTE / StrictMath.sqrt(LATENT);
        double[] key = new double[NUM_ITEMS];
        Integer[] order = new Integer[NUM_ITEMS];
        for (int u = 0; u < NUM_USERS; u++) {
            int count = MIN_INTERACTIONS + pick.nextInt(MAX_INTERACTIONS - MIN_INTERACTIONS + 1);
            for (int i = 0; i < NUM_ITEMS; i++) {
                // Gumbel-max trick: the top-count keys are a draw without replacement from the softmax
                double g = -StrictMath.log(-StrictMath.log(open01(pick)));
                key[i] = scale * dot(userF[u], itemF[i]) + bias[i] + g;
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
            int[] chosen = new int[count];
            for (int k = 0; k < count; k++) chosen[k] = order[k];
            Arrays.sort(chosen);
            for (int item : chosen) {
                users[n] = u;
                items[n] = item;
                times[n++] = 1_500_000_000L + pick.nextInt(31_536_000);
            }
        }
        // An item nobody picked would have no row at all; it goes to the user with the highest affinity for it.
        boolean[] picked = new boolean[NUM_ITEMS];
        for (int k = 0; k < n; k++) picked[items[k]] = true;
        for (int i = 0; i < NUM_ITEMS; i++) {
            if (picked[i]) continue;
            int fan = 0;
            for (int u = 1; u < NUM_USERS; u++) if (dot(userF[u], itemF[i]) > dot(userF[fan], itemF[i])) fan = u;
            users[n] = fan;
            items[n] = i;
            times[n++] = 1_500_000_000L + pick.nextInt(31_536_000);
        }
        users = Arrays.copyOf(users, n);
        items = Arrays.copyOf(items, n);
        times = Arrays.copyOf(times, n);
        byte[] labels = Splitter.random(users, NUM_USERS, root.split("split"));

        Rng featRng = root.split("features");
        FeatureMatrix image = features(itemF, IMAGE_DIM, featRng.split("image"));
        FeatureMatrix text = features(itemF, TEXT_DIM, featRng.split("text"));

        InterWriter.write(dir.resolve("demo.inter"), users, items, null, times, labels);
        NpyWriter.write(dir.resolve("image_feat.npy"), image);
        NpyWriter.write(dir.resolve("text_feat.npy"), text);
        writeItemText(dir, itemCluster);
        AtomicFiles.writeString(dir.resolve("README.md"), readme(seed, n) + itemTextReadme());
    }

    /**
     * One theme per cluster (a colour and a kind of product: 8 x 8 names for up to 64 clusters), so the explorer
     * shows at a glance whether a list stays in a user's clusters.
     */
    static final String[] THEMES = {"linen shirt", "trail shoe", "espresso cup", "wool scarf", "desk lamp", "yoga mat",
            "board game", "garden trowel"};
    private static final String[] COLOURS = {"red", "blue", "green", "grey", "black", "white", "amber", "teal"};
    private static final String[] FINISHES = {"plain", "striped", "dotted", "two-tone", "vintage", "compact", "large"};

    /**
     * item_text.tsv: a title per item from its cluster's theme ("linen shirt #12"), and a description naming
     * the cluster. It uses no random numbers, so the other files do not change with it.
     */
    private static void writeItemText(Path dir, int[] itemCluster) {
        String[] ids = new String[NUM_ITEMS], titles = new String[NUM_ITEMS], descriptions = new String[NUM_ITEMS];
        for (int i = 0; i < NUM_ITEMS; i++) {
            String theme = theme(itemCluster[i]);
            ids[i] = Integer.toString(i);
            titles[i] = theme + " #" + i;
            descriptions[i] = "A " + FINISHES[i % FINISHES.length] + " " + theme + " (demo cluster " + itemCluster[i] + ")";
        }
        ItemTexts.write(dir, ids, titles, descriptions);
    }

    static String theme(int cluster) {
        return COLOURS[cluster / THEMES.length % COLOURS.length] + " " + THEMES[cluster % THEMES.length];
    }

    private static String itemTextReadme() {
        return "\n## Item texts\n\n"
                + "`" + ItemTexts.FILE + "` (tab-separated, header `item_id title description`) names each item after its"
                + " cluster's theme (a colour and a product: cluster 0 is `" + theme(0) + "`, cluster 1 `" + theme(1)
                + "`, cluster 8 `" + theme(8) + "`), e.g. `" + theme(0) + " #12`. Training never reads it; `mmrec4j serve` shows the titles in its"
                + " explorer page, so a list that stays within a user's clusters is visible at a glance.\n";
    }

    private static FeatureMatrix features(double[][] itemF, int dim, Rng rng) {
        double[][] w = gaussians(rng, dim, LATENT, 1.0 / StrictMath.sqrt(LATENT));
        float[] out = new float[NUM_ITEMS * dim];
        for (int i = 0; i < NUM_ITEMS; i++) {
            for (int d = 0; d < dim; d++) {
                out[i * dim + d] = (float) (dot(w[d], itemF[i]) + FEATURE_NOISE * gaussian(rng));
            }
        }
        return new FeatureMatrix(NUM_ITEMS, dim, out);
    }

    private static double[][] gaussians(Rng rng, int rows, int cols, double sd) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int c = 0; c < cols; c++) row[c] = sd * gaussian(rng);
        return m;
    }

    private static double[] plusNoise(double[] centre, Rng rng, double sd) {
        double[] v = new double[centre.length];
        for (int k = 0; k < v.length; k++) v[k] = centre[k] + sd * gaussian(rng);
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    private static double open01(Rng rng) {
        return (rng.nextInt(1 << 30) + 0.5) / (1 << 30);
    }

    /** Box-Muller with StrictMath: Rng.nextGaussian uses Math.log, which may differ across JVMs in the last bit. */
    private static double gaussian(Rng rng) {
        double u1 = open01(rng);
        double u2 = open01(rng);
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    private static String readme(long seed, int rows) {
        return "# demo dataset (synthetic)\n\n"
                + "Generated by `org.mmrec4j.data.demo.DemoDataset.generate(dir, " + seed + ")`; the same seed gives"
                + " byte-identical files.\n\n"
                + "- `demo.inter`: " + NUM_USERS + " users, " + NUM_ITEMS + " items, " + rows + " interactions,"
                + " MMRec columns; x_label from the per-user random 8:1:1 rule (protocol 2.2a). Ratings are 1.0;"
                + " timestamps are uniform random within one year and carry no signal.\n"
                + "- `image_feat.npy`: float32 [" + NUM_ITEMS + ", " + IMAGE_DIM + "]; `text_feat.npy`: float32 ["
                + NUM_ITEMS + ", " + TEXT_DIM + "].\n\n"
                + "## Generative process\n\n"
                + "1. " + CLUSTERS + " cluster centres c_k ~ N(0, I) in " + LATENT + " dimensions.\n"
                + "2. Item i: v_i = c_(random cluster) + N(0, " + ITEM_SPREAD + "^2 I); popularity b_i ~ N(0, " + POPULARITY
                + "^2).\n"
                + "3. User u: p_u = c_(random cluster) + N(0, " + USER_SPREAD + "^2 I); n_u ~ Uniform{" + MIN_INTERACTIONS + ".."
                + MAX_INTERACTIONS + "}.\n"
                + "4. User u picks n_u distinct items without replacement with probability proportional to"
                + " exp(" + TASTE + " * <p_u, v_i> / sqrt(" + LATENT + ") + b_i) (Gumbel top-n). An item no user picked"
                + " goes to the user with the largest <p_u, v_i>, so every item has at least one row.\n"
                + "5. Features: image_i = W_img v_i + N(0, " + FEATURE_NOISE + "^2 I), text_i = W_txt v_i + N(0, "
                + FEATURE_NOISE + "^2 I), with fixed W ~ N(0, 1/" + LATENT + ").\n\n"
                + "Taste dominates popularity and the interactions are sparse (about 8 per item): the item factors"
                + " that decide every choice show in the features but only faintly in a handful of co-occurrences,"
                + " so models that read the features (VBPR, FREEDOM) beat interaction-only ones (LightGCN) on this"
                + " data, as `./mmrec4j demo` shows.\n";
    }
}
