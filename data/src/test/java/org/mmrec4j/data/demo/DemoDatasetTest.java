package org.mmrec4j.data.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.data.ItemTexts;
import org.mmrec4j.data.UserItemIndex;

class DemoDatasetTest {
    @TempDir Path tmp;

    private static TreeMap<String, String> hashes(Path dir) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(p.getFileName().toString(), HexFormat.of().formatHex(h));
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesByteIdenticalFiles() throws Exception {
        DemoDataset.generate(tmp.resolve("a"), 2024);
        DemoDataset.generate(tmp.resolve("b"), 2024);
        DemoDataset.generate(tmp.resolve("c"), 2025);
        TreeMap<String, String> a = hashes(tmp.resolve("a"));
        assertThat(a).containsOnlyKeys("demo.inter", "image_feat.npy", "text_feat.npy", "item_text.tsv", "README.md");
        assertThat(hashes(tmp.resolve("b"))).isEqualTo(a);
        assertThat(hashes(tmp.resolve("c")).get("demo.inter")).isNotEqualTo(a.get("demo.inter"));
    }

    @Test
    void everyItemHasAClusterThemedTitleThatTheExplorerReads() throws Exception {
        Path dir = tmp.resolve("texts");
        DemoDataset.generate(dir, 2024);
        ItemTexts t = ItemTexts.load(dir, DemoDataset.NUM_ITEMS, null);
        assertThat(t.source()).isEqualTo("item_text.tsv (" + DemoDataset.NUM_ITEMS + " of " + DemoDataset.NUM_ITEMS + " items)");
        assertThat(t.title(12)).endsWith(" #12");
        String theme12 = t.title(12).substring(0, t.title(12).indexOf(" #"));
        assertThat(Arrays.stream(DemoDataset.THEMES).anyMatch(theme12::endsWith)).as(theme12).isTrue();
        // one name per cluster: as many distinct themes as clusters, so titles tell the clusters apart
        java.util.Set<String> themes = new java.util.HashSet<>();
        for (int i = 0; i < DemoDataset.NUM_ITEMS; i++) themes.add(t.title(i).substring(0, t.title(i).indexOf(" #")));
        assertThat(themes).hasSize(DemoDataset.CLUSTERS);
        assertThat(t.description(12)).contains(t.title(12).substring(0, t.title(12).indexOf(" #"))).contains("demo cluster");
        assertThat(Files.readString(dir.resolve("README.md"))).contains("item_text.tsv");
    }

    @Test
    void hasTheAdvertisedShapeAndAUserSpecificSignal() {
        Path dir = tmp.resolve("demo");
        DemoDataset.generate(dir, 2024);
        Dataset d = Dataset.load(dir, DatasetOptions.defaults());
        assertThat(d.numUsers()).isEqualTo(1500);
        assertThat(d.numItems()).isEqualTo(1500);
        int total = d.train().size() + d.valid().size() + d.test().size();
        assertThat(total).isBetween(11_000, 13_000);
        assertThat(d.features().names()).containsExactly("image", "text");
        assertThat(d.features().dim("image")).isEqualTo(32);
        assertThat(d.features().dim("text")).isEqualTo(16);
        UserItemIndex tr = d.train().byUser(d.numUsers());
        for (int u = 0; u < d.numUsers(); u++) assertThat(tr.degree(u)).isGreaterThanOrEqualTo(1);
        assertThat(d.warnings()).isEmpty();

        double pop = recallAt20(d, tr, popularityScores(d));
        double knn = recallAt20(d, tr, null);
        double content = recallAt20(d, tr, null, featureCosine(d));
        // co-occurrence (a stand-in for any user-specific model) must clearly beat popularity
        assertThat(knn).isGreaterThan(1.5 * pop);
        assertThat(pop).isLessThan(0.3);
        // the planted signal: raw feature similarity alone, untrained, already ranks far above popularity
        // (the models that learn from the features beat LightGCN: see `./mmrec4j demo`)
        assertThat(content).as("content kNN %s, popularity %s", content, pop).isGreaterThan(2 * pop);
    }

    private static double[] popularityScores(Dataset d) {
        double[] s = new double[d.numItems()];
        for (int r = 0; r < d.train().size(); r++) s[d.train().item(r)]++;
        return s;
    }

    /** Recall@20 on test; popularity when {@code pop} is given, else item co-occurrence (cosine). */
    private static double recallAt20(Dataset d, UserItemIndex tr, double[] pop) {
        return recallAt20(d, tr, pop, null);
    }

    /** Cosine similarity of the image features of every item pair. */
    private static double[][] featureCosine(Dataset d) {
        var f = d.features().get("image");
        int ni = d.numItems(), dim = d.features().dim("image");
        double[][] sim = new double[ni][ni];
        double[] norm = new double[ni];
        for (int i = 0; i < ni; i++) for (int k = 0; k < dim; k++) norm[i] += (double) f.get(i, k) * f.get(i, k);
        for (int a = 0; a < ni; a++) {
            for (int b = 0; b < ni; b++) {
                double dot = 0;
                for (int k = 0; k < dim; k++) dot += (double) f.get(a, k) * f.get(b, k);
                sim[a][b] = a == b ? 0 : dot / Math.sqrt(norm[a] * norm[b]);
            }
        }
        return sim;
    }

    /** As above, scoring by the item-item similarity {@code given} when it is not null. */
    private static double recallAt20(Dataset d, UserItemIndex tr, double[] pop, double[][] given) {
        int ni = d.numItems();
        double[][] co = given;
        if (pop == null && given == null) {
            co = new double[ni][ni];
            double[] deg = new double[ni];
            for (int u = 0; u < d.numUsers(); u++) {
                int[] its = tr.itemsOf(u);
                for (int a : its) {
                    deg[a]++;
                    for (int b : its) if (a != b) co[a][b]++;
                }
            }
            for (int a = 0; a < ni; a++) for (int b = 0; b < ni; b++) co[a][b] /= Math.sqrt((deg[a] + 1) * (deg[b] + 1));
        }
        Interactions test = d.test();
        UserItemIndex te = test.byUser(d.numUsers());
        double sum = 0;
        int users = 0;
        for (int u = 0; u < d.numUsers(); u++) {
            if (te.degree(u) == 0) continue;
            double[] s = new double[ni];
            if (pop != null) {
                System.arraycopy(pop, 0, s, 0, ni);
            } else {
                for (int j : tr.itemsOf(u)) for (int i = 0; i < ni; i++) s[i] += co[j][i];
            }
            for (int j : tr.itemsOf(u)) s[j] = Double.NEGATIVE_INFINITY;
            Integer[] order = new Integer[ni];
            for (int i = 0; i < ni; i++) order[i] = i;
            final double[] sc = s;
            java.util.Arrays.sort(order, (x, y) -> Double.compare(sc[y], sc[x]));
            int hits = 0;
            for (int k = 0; k < 20; k++) if (te.contains(u, order[k])) hits++;
            sum += (double) hits / te.degree(u);
            users++;
        }
        return sum / users;
    }
}
