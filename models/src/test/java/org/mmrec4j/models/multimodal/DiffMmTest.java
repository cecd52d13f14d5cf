package org.mmrec4j.models.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.EdgeDropout;
import org.mmrec4j.graph.UserItemGraph;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;

/** DiffMM's graphs (N4, generation, edge dropout), any number of modalities, both contrastive variants. */
class DiffMmTest {
    private static final String[] SMALL = {"dims=[16]", "keepRate=1.0"};

    private static DiffMm model(Dataset d, long seed, String... sets) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(SMALL), java.util.Arrays.stream(sets)).toArray(String[]::new);
        return (DiffMm) DualGraphFixtures.model("DiffMM", d, seed, all);
    }

    @Test
    void n4HasSelfLoopsAndSymmetricDegreeNormalisation() {
        // 2 users, 3 items; edges (0,0), (0,1), (1,1), (0,1) again; item 2 isolated
        CsrMatrix a = new UserItemGraph(new int[] {0, 0, 1, 0}, new int[] {0, 1, 1, 1}, 2, 3).symmetricNormWithSelfLoops();
        double[][] g = DualGraphFixtures.dense(a);
        double[] deg = {3, 2, 2, 3, 1}; // (A+I) row sums: user0 {i0,i1}+1, user1 {i1}+1, item0 {u0}+1, item1 {u0,u1}+1, item2 self only
        assertThat(g[0][0]).isCloseTo(1 / 3.0, within(1e-7));
        assertThat(g[0][2]).isCloseTo(1 / Math.sqrt(deg[0] * deg[2]), within(1e-7));
        assertThat(g[3][1]).isCloseTo(1 / Math.sqrt(deg[3] * deg[1]), within(1e-7));
        assertThat(g[4][4]).isEqualTo(1.0);
        assertThat(a.nnz()).isEqualTo(5 + 2 * 3); // self-loops + both directions of the 3 distinct edges
        for (int r = 0; r < 5; r++) for (int c = 0; c < 5; c++) assertThat(g[r][c]).isEqualTo(g[c][r]);
    }

    @Test
    void edgeDropoutKeepsAboutKeepRateAndRescalesSurvivors() {
        int users = 300, items = 200;
        int[] u = new int[users], it = new int[users];
        for (int k = 0; k < users; k++) {
            u[k] = k;
            it[k] = (k * 7) % items;
        }
        CsrMatrix g = new UserItemGraph(u, it, users, items).symmetricNormWithSelfLoops();
        CsrMatrix dropped = EdgeDropout.sample(g, 0.5, new Rng(4));
        assertThat((double) dropped.nnz() / g.nnz()).isCloseTo(0.5, within(0.06));
        for (int r = 0; r < dropped.rows(); r++) {
            for (int p = dropped.rowPtr()[r]; p < dropped.rowPtr()[r + 1]; p++) {
                assertThat(dropped.values()[p]).isCloseTo(2 * g.get(r, dropped.colIdx()[p]), within(1e-6f));
            }
        }
        assertThat(EdgeDropout.sample(g, 1.0, new Rng(4))).isSameAs(g);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void generatedGraphsHaveExactlyKDistinctItemsPerUser(int k) {
        Dataset d = DualGraphFixtures.dataset("image", "text");
        DiffMm m = model(d, 2, "rebuild_k=" + k);
        m.beforeEpoch(new EpochContext(0, new Rng(5)));
        for (int mod = 0; mod < 2; mod++) {
            int[] top = m.generatedItems(mod);
            assertThat(top).hasSize(d.numUsers() * k);
            CsrMatrix g = m.generatedGraph(mod);
            for (int u = 0; u < d.numUsers(); u++) {
                Set<Integer> items = new HashSet<>();
                for (int j = 0; j < k; j++) items.add(top[u * k + j]);
                assertThat(items).hasSize(k);
                // a user's row: its k generated items plus its self-loop, N4 values
                assertThat(g.rowPtr()[u + 1] - g.rowPtr()[u]).isEqualTo(k + 1);
                for (int p = g.rowPtr()[u]; p < g.rowPtr()[u + 1]; p++) {
                    int col = g.colIdx()[p];
                    if (col == u) continue;
                    assertThat(items).contains(col - d.numUsers());
                    int itemDegree = g.rowPtr()[col + 1] - g.rowPtr()[col]; // users that picked it + self-loop
                    assertThat((double) g.values()[p]).isCloseTo(1 / Math.sqrt((k + 1.0) * itemDegree), within(1e-6));
                }
            }
        }
    }

    @Test
    void theEpochHookTrainsTheDenoisersOncePerEpochNumber() {
        Dataset d = DualGraphFixtures.dataset("image", "text");
        DiffMm m = model(d, 3);
        float[] before = m.denoisers().get(0).params().asMap().values().iterator().next().data().clone();
        m.beforeEpoch(new EpochContext(0, new Rng(1)));
        float[] after = m.denoisers().get(0).params().asMap().values().iterator().next().data().clone();
        assertThat(after).isNotEqualTo(before);
        m.beforeEpoch(new EpochContext(0, new Rng(1)));
        assertThat(m.denoisers().get(0).params().asMap().values().iterator().next().data()).containsExactly(after);
        m.beforeEpoch(new EpochContext(1, new Rng(1)));
        assertThat(m.denoisers().get(0).params().asMap().values().iterator().next().data()).isNotEqualTo(after);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image", "image,text", "image,text,audio"})
    void anyNumberOfModalitiesTrainsWithBothContrastiveVariants(String names) {
        Dataset d = DualGraphFixtures.dataset(names.split(","));
        for (String variant : new String[] {"cl_method=0", "cl_method=1"}) {
            for (String trans : new String[] {"trans=0", "trans=1", "trans=2"}) {
                DiffMm m = model(d, 7, variant, trans, "ssl_reg=0.1", "keepRate=0.5");
                m.beforeEpoch(new EpochContext(0, new Rng(2)));
                Tensor loss = m.loss(DualGraphFixtures.batch(d, 3));
                assertThat(Float.isFinite(loss.item())).isTrue();
                loss.backward();
                for (var e : m.params().asMap().entrySet()) {
                    assertThat(e.getValue().grad()).as("%s %s %s: gradient of %s", names, variant, trans, e.getKey()).isNotNull();
                }
            }
        }
    }

    @Test
    void nceFullIsTheMeanOverAnchorsWithEveryRowInTheDenominator() {
        Dataset d = DualGraphFixtures.dataset("image");
        DiffMm m = model(d, 9, "temp=0.5");
        Tensor anchorsTable = GradCheck.input(7, 4, 1), all = GradCheck.input(7, 4, 2);
        int[] index = {0, 3, 3, 6, 2}; // duplicates are kept
        float fused;
        try (var off = Grad.off()) {
            fused = m.nceFull(anchorsTable, all, index).item();
        }
        double expected = 0;
        float[] at = anchorsTable.data(), bt = all.data();
        double tau = 0.5;
        for (int x : index) {
            double na = 0, nb;
            for (int j = 0; j < 4; j++) na += at[x * 4 + j] * at[x * 4 + j];
            double z = 0, pos = 0;
            for (int y = 0; y < 7; y++) {
                nb = 0;
                double dot = 0;
                for (int j = 0; j < 4; j++) {
                    nb += bt[y * 4 + j] * bt[y * 4 + j];
                    dot += at[x * 4 + j] * bt[y * 4 + j];
                }
                double cos = dot / Math.sqrt(na) / Math.sqrt(nb);
                z += Math.exp(cos / tau);
                if (y == x) pos = cos / tau;
            }
            expected += Math.log(z) - pos;
        }
        assertThat((double) fused).isCloseTo(expected / index.length, within(1e-5));
    }

    @Test
    void lossGradientMatchesFiniteDifferencesWithThreeModalitiesAndMainViewAnchors() {
        Dataset d = DualGraphFixtures.dataset("image", "text", "audio");
        DiffMm m = model(d, 11, "cl_method=1", "trans=1", "ssl_reg=0.1", "reg=0.01", "keepRate=0.5");
        m.beforeEpoch(new EpochContext(0, new Rng(6)));
        Batch b = DualGraphFixtures.batch(d, 4);
        for (Tensor p : new Tensor[] {m.params().get("user"), m.params().get("item")}) {
            for (int i = 0; i < p.size(); i++) p.data()[i] *= 5;
        }
        GradCheck.check("DiffMM loss", 1e-2f, 3e-2, 2e-3, x -> m.loss(b), m.params().tensors().toArray(new Tensor[0]));
    }

    @Test
    void unsupportedReferenceOptionsAreClearErrors() {
        Dataset d = DualGraphFixtures.dataset("image");
        assertThatThrownBy(() -> model(d, 1, "sampling_steps=2")).hasMessageContaining("sampling_steps");
        assertThatThrownBy(() -> model(d, 1, "dims=[100,100]")).hasMessageContaining("dims");
        assertThatThrownBy(() -> model(d, 1, "cl_method=2")).hasMessageContaining("cl_method");
        assertThatThrownBy(() -> model(DualGraphFixtures.dataset(), 1)).hasMessageContaining("features");
    }
}
