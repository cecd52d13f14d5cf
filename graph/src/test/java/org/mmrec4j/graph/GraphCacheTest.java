package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.graph.GraphCache.Outcome;

class GraphCacheTest {
    private static final int N = 50, D = 6;

    private static float[] features(long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[N * D];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }

    private static void assertSameGraph(ItemKnnGraph a, ItemKnnGraph b) {
        assertThat(a.neighbours()).containsExactly(b.neighbours());
        assertThat(a.similarities()).containsExactly(b.similarities());
    }

    @Test
    void secondRequestLoadsTheStoredGraph(@TempDir Path dir) {
        GraphCache cache = GraphCache.at(dir);
        float[] x = features(1);
        ItemKnnGraph built = cache.itemKnn(x, N, D, 5, 0);
        assertThat(cache.lastOutcome()).isEqualTo(Outcome.BUILT);
        ItemKnnGraph loaded = cache.itemKnn(x, N, D, 5, 0);
        assertThat(cache.lastOutcome()).isEqualTo(Outcome.LOADED);
        assertSameGraph(loaded, built);
        assertSameGraph(loaded, ItemKnnGraph.build(x, N, D, 5, 0));
    }

    @Test
    void changedFeaturesKOrShrinkMissTheCache(@TempDir Path dir) {
        GraphCache cache = GraphCache.at(dir);
        float[] x = features(2);
        cache.itemKnn(x, N, D, 5, 0);
        cache.itemKnn(x, N, D, 6, 0);
        assertThat(cache.lastOutcome()).as("different k").isEqualTo(Outcome.BUILT);
        cache.itemKnn(x, N, D, 5, 10);
        assertThat(cache.lastOutcome()).as("different shrink").isEqualTo(Outcome.BUILT);
        float[] y = x.clone();
        y[17] += 1e-3f;
        ItemKnnGraph g = cache.itemKnn(y, N, D, 5, 0);
        assertThat(cache.lastOutcome()).as("one feature value changed").isEqualTo(Outcome.BUILT);
        assertSameGraph(g, ItemKnnGraph.build(y, N, D, 5, 0));
        // Same values, different shape: a different graph.
        cache.itemKnn(x, N / 2, 2 * D, 5, 0);
        assertThat(cache.lastOutcome()).isEqualTo(Outcome.BUILT);
        assertThat(GraphCache.key("item-knn", x, N, D, 5, 0)).isNotEqualTo(GraphCache.key("item-knn", x, N / 2, 2 * D, 5, 0));
    }

    @Test
    void aCorruptOrTruncatedFileIsRebuiltWithAWarning(@TempDir Path dir) throws IOException {
        List<String> warnings = new ArrayList<>();
        GraphCache cache = GraphCache.at(dir, warnings::add);
        float[] x = features(3);
        ItemKnnGraph expected = cache.itemKnn(x, N, D, 4, 0);
        Path file = cache.fileFor(GraphCache.key("item-knn", x, N, D, 4, 0));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);

        assertSameGraph(cache.itemKnn(x, N, D, 4, 0), expected);
        assertThat(cache.lastOutcome()).isEqualTo(Outcome.REBUILT_AFTER_BAD_FILE);
        assertThat(warnings).singleElement().asString().contains("checksum mismatch").contains("rebuilding");
        cache.itemKnn(x, N, D, 4, 0);
        assertThat(cache.lastOutcome()).as("the rebuilt file is valid again").isEqualTo(Outcome.LOADED);

        Files.write(file, new byte[] {1, 2, 3});
        assertSameGraph(cache.itemKnn(x, N, D, 4, 0), expected);
        assertThat(cache.lastOutcome()).isEqualTo(Outcome.REBUILT_AFTER_BAD_FILE);
        assertThat(warnings).hasSize(2);
    }

    @Test
    void aFileHoldingAnotherGraphIsNotTrusted(@TempDir Path dir) throws IOException {
        List<String> warnings = new ArrayList<>();
        GraphCache cache = GraphCache.at(dir, warnings::add);
        float[] x = features(4), y = features(5);
        cache.itemKnn(x, N, D, 4, 0);
        // A valid file copied under the wrong name: its checksum holds, its key does not.
        Files.copy(cache.fileFor(GraphCache.key("item-knn", x, N, D, 4, 0)), cache.fileFor(GraphCache.key("item-knn", y, N, D, 4, 0)));
        assertSameGraph(cache.itemKnn(y, N, D, 4, 0), ItemKnnGraph.build(y, N, D, 4, 0));
        assertThat(cache.lastOutcome()).isEqualTo(Outcome.REBUILT_AFTER_BAD_FILE);
        assertThat(warnings).singleElement().asString().contains("holds graph");
    }

    @Test
    void anUnwritableFolderOnlyWarns(@TempDir Path dir) throws IOException {
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        List<String> warnings = new ArrayList<>();
        GraphCache cache = GraphCache.at(blocker.resolve("graphs"), warnings::add);
        float[] x = features(6);
        assertSameGraph(cache.itemKnn(x, N, D, 3, 0), ItemKnnGraph.build(x, N, D, 3, 0));
        assertThat(warnings).singleElement().asString().contains("cannot write");
    }

    @Test
    void disabledCacheBuildsAndWritesNothing(@TempDir Path dir) throws IOException {
        GraphCache cache = GraphCache.disabled();
        float[] x = features(7);
        assertSameGraph(cache.itemKnn(x, N, D, 3, 0), ItemKnnGraph.build(x, N, D, 3, 0));
        assertThat(cache.lastOutcome()).isEqualTo(Outcome.BUILT_UNCACHED);
        assertThat(cache.enabled()).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
