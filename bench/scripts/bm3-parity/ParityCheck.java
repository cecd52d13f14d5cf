import java.nio.file.*;
import java.util.*;
import org.mmrec4j.config.*;
import org.mmrec4j.data.*;
import org.mmrec4j.data.io.NpyReader;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.*;
import org.mmrec4j.models.*;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.multimodal.Bm3;

/** Scratch check: the reference's first TikTok batch (parameters, batch, dropout targets) through our BM3. */
public class ParityCheck {
    static Path dir;
    static FeatureMatrix npy(String n) { return NpyReader.read(dir.resolve(n + ".npy")); }
    static float[] transpose(FeatureMatrix m) {
        float[] t = new float[m.data().length];
        for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.cols(); c++) t[c * m.rows() + r] = m.data()[r * m.cols() + c];
        return t;
    }
    static int[] ints(String n) { float[] f = npy(n).data(); int[] o = new int[f.length]; for (int i = 0; i < f.length; i++) o[i] = (int) f[i]; return o; }
    static Tensor rows(FeatureMatrix m, int[] rows) { return Tensor.wrap(m.rows(), m.cols(), m.data()).gatherRows(rows); }
    static void set(Params p, String name, float[] v) {
        float[] d = p.get(name).data();
        if (d.length != v.length) throw new IllegalStateException(name + " " + d.length + " vs " + v.length);
        System.arraycopy(v, 0, d, 0, v.length);
    }
    static void compare(String label, float[] ours, float[] ref) {
        double maxAbs = 0, maxRef = 0, num = 0, den = 0;
        for (int i = 0; i < ref.length; i++) {
            double g = ours == null ? 0 : ours[i];
            maxAbs = Math.max(maxAbs, Math.abs(g - ref[i])); maxRef = Math.max(maxRef, Math.abs(ref[i]));
            num += (g - ref[i]) * (g - ref[i]); den += (double) ref[i] * ref[i];
        }
        System.out.printf("%-28s max|ref| %.3e  max|diff| %.3e  rel L2 %.2e%n", label, maxRef, maxAbs, Math.sqrt(num / Math.max(den, 1e-300)));
    }
    public static void main(String[] a) {
        dir = Path.of(a.length > 0 ? a[0] : "dump");
        Dataset d = Dataset.load(Path.of("/work/shared/datasets/tiktok"), DatasetOptions.defaults());
        ModelSpec spec = ModelCatalog.get("BM3");
        Config c = ConfigLoader.builder().model(spec.name(), Layer.resource(spec.yamlResource(), spec.name()))
                .overrides(List.of("graph_cache=false")).load().expandGrid().get(0);
        Bm3 m = (Bm3) spec.create(new ModelContext(d, c, new Rng(1)));
        Params p = m.params();
        System.out.println("params " + p.asMap().keySet() + " modalities " + d.features().names());
        FeatureMatrix pu = npy("p_user_embedding.weight"), pi = npy("p_item_id_embedding.weight");
        float[] nodes = Arrays.copyOf(pu.data(), pu.data().length + pi.data().length);
        System.arraycopy(pi.data(), 0, nodes, pu.data().length, pi.data().length);
        set(p, "nodes", nodes);
        set(p, "predictor.weight", transpose(npy("p_predictor.weight")));
        set(p, "predictor.bias", npy("p_predictor.bias").data());
        String[][] mod = {{"image", "image"}, {"audio", "text"}};
        for (String[] x : mod) {
            set(p, "modality." + x[0] + ".features", npy("p_" + x[1] + "_embedding.weight").data());
            set(p, "modality." + x[0] + ".w1", transpose(npy("p_" + x[1] + "_trs.weight")));
            set(p, "modality." + x[0] + ".b1", npy("p_" + x[1] + "_trs.bias").data());
        }
        int[] users = ints("users"), items = ints("items");
        Batch b = new Batch(users, items, null);
        int[] ur = BatchRows.of(d.numUsers(), users).rows(), ir = BatchRows.of(d.numItems(), items).rows();
        List<Tensor> zm = new ArrayList<>();
        for (String name : List.of("image", "audio")) zm.add(rows(npy(name.equals("image") ? "zv" : "zt"), ir));
        Bm3.Targets t = new Bm3.Targets(rows(npy("zu"), ur), rows(npy("zi"), ir), zm);
        for (Tensor x : p.tensors()) x.zeroGradInPlace();
        Tensor loss = m.loss(b, t);
        System.out.printf("first-batch loss: ours %.7f, reference 10.0500784%n", loss.item());
        loss.backward();
        FeatureMatrix gu = npy("g_user_embedding.weight"), gi = npy("g_item_id_embedding.weight");
        float[] gn = Arrays.copyOf(gu.data(), gu.data().length + gi.data().length);
        System.arraycopy(gi.data(), 0, gn, gu.data().length, gi.data().length);
        compare("grad nodes [P;Q]", p.get("nodes").grad(), gn);
        compare("grad predictor.weight", p.get("predictor.weight").grad(), transpose(npy("g_predictor.weight")));
        compare("grad predictor.bias", p.get("predictor.bias").grad(), npy("g_predictor.bias").data());
        for (String[] x : mod) {
            compare("grad " + x[0] + ".features", p.get("modality." + x[0] + ".features").grad(), npy("g_" + x[1] + "_embedding.weight").data());
            compare("grad " + x[0] + ".w1", p.get("modality." + x[0] + ".w1").grad(), transpose(npy("g_" + x[1] + "_trs.weight")));
            compare("grad " + x[0] + ".b1", p.get("modality." + x[0] + ".b1").grad(), npy("g_" + x[1] + "_trs.bias").data());
        }
        org.mmrec4j.engine.optim.Optimizers.of("adam", p, 1e-3, 0.0).step();
        FeatureMatrix qu = npy("q_user_embedding.weight"), qi = npy("q_item_id_embedding.weight");
        float[] qn = Arrays.copyOf(qu.data(), qu.data().length + qi.data().length);
        System.arraycopy(qi.data(), 0, qn, qu.data().length, qi.data().length);
        compare("after Adam step: nodes", p.get("nodes").data(), qn);
        compare("after Adam step: predictor.w", p.get("predictor.weight").data(), transpose(npy("q_predictor.weight")));
        compare("after Adam step: image.feat", p.get("modality.image.features").data(), npy("q_image_embedding.weight").data());
        compare("after Adam step: audio.w1", p.get("modality.audio.w1").data(), transpose(npy("q_text_trs.weight")));
    }
}
