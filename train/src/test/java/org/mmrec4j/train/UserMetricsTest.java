package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.eval.EvalResult;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;

/** test_per_user.csv holds the values behind the reported test averages, at the same (best) epoch. */
class UserMetricsTest {
    @Test
    void perUserValuesAverageToTheReportedTestMetrics(@TempDir Path dir) throws Exception {
        DemoDataset.generate(dir.resolve("demo"), 4);
        Dataset demo = Dataset.load(dir.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
        ModelSpec spec = ModelCatalog.get("BPR");
        Config c = RunSetup.config(spec, "demo", null, List.of("epochs=4"), false);
        Path out = dir.resolve("run");
        TrainResult r = Experiment.run(spec, demo, c, out, false, TrainListener.NONE, List.of()).selected();

        List<String> lines = Files.readAllLines(out.resolve(UserMetrics.FILE));
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).startsWith("user", "train_degree", "n_test").contains("recall@20", "ndcg@10", "ndcg@50");
        assertThat(lines).hasSize(Trainer.EvalSets.of(demo).test().numUsers() + 1);
        int[] degree = ExperimentLoop.trainDegrees(demo);
        for (String key : List.of("recall@20", "ndcg@50")) {
            int col = header.indexOf(key);
            double sum = 0;
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",");
                sum += Double.parseDouble(f[col]);
                assertThat(Integer.parseInt(f[1])).isEqualTo(degree[Integer.parseInt(f[0])]);
            }
            assertThat(EvalResult.round4(sum / (lines.size() - 1))).isCloseTo(r.bestTest().get(key), within(1.5e-4));
        }
    }
}
