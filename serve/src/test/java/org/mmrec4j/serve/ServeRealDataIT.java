package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.eval.EvalSet;
import org.mmrec4j.eval.RankingEvaluator;

/**
 * On TikTok (about 30 s): a short LightGCN run restored from its folder reproduces the recorded best
 * validation and test Recall@20, and the server answers for real external ids.
 */
class ServeRealDataIT {
    static Path dataset(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets").resolve(name);
            if (Files.isDirectory(candidate)) return candidate;
        }
        assumeTrue(false, "skipped: shared/datasets/" + name + " not found above " + Path.of("").toAbsolutePath());
        return null;
    }

    @Test
    void restoredTikTokLightGcnReproducesItsRecordedMetrics(@TempDir Path tmp) throws Exception {
        Path run = TrainedRuns.train("LightGCN", dataset("tiktok"), tmp.resolve("run"), "epochs=6");
        TrainedModel m = TrainedModel.load(run);
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        Dataset d = m.data();
        var train = d.train();
        EvalSet valid = EvalSet.of(d.numUsers(), d.numItems(), train.users(), train.items(), d.valid().users(), d.valid().items());
        EvalSet test = EvalSet.of(d.numUsers(), d.numItems(), train.users(), train.items(), d.test().users(), d.test().items());
        try (var off = Grad.off()) {
            var scorer = m.model().scorer();
            assertThat(RankingEvaluator.evaluate(scorer, valid).rounded().get("recall@20")).isEqualTo(metrics.get("valid").get("recall@20").asDouble());
            assertThat(RankingEvaluator.evaluate(scorer, test).rounded().get("recall@20")).isEqualTo(metrics.get("test").get("recall@20").asDouble());
        }
        RecommendationIndex index = new RecommendationIndex(m);
        try (RecommendServer server = RecommendServer.start(index, "127.0.0.1", 0, 2)) {
            Http http = new Http(server.port());
            Http.Response r = http.get("/recommend?user=" + java.net.URLEncoder.encode(index.userId(0), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("items")).hasSize(20);
        }
    }
}
