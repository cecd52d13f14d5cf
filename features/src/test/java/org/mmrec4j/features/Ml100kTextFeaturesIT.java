package org.mmrec4j.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.io.NpyReader;

/** MiniLM text features for MovieLens-100K's 1682 titles and genres (about half a minute on 2 busy cores). */
class Ml100kTextFeaturesIT {
    static final Path DATA = Path.of("../../shared/datasets/ml-100k");

    @TempDir
    Path out;

    @Test
    void everyMovieGetsAUnitRowAndToyStorysNearestNeighbourIsAFamilyFilm() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(DATA.resolve("item_text.tsv")), "no ../shared/datasets/ml-100k");
        TextFeatures.Report r = TextFeatures.run(new TextFeatures.Options(DATA.resolve("item_text.tsv"), DATA, out,
                List.of("title", "genres"), "movie_id", FeaturePolicy.Fill.ZERO, FeaturePolicy.Unknown.ERROR,
                FeaturePolicy.Missing.ERROR, 32, 2, 1), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(r.items()).isEqualTo(1682);
        assertThat(r.withText()).isEqualTo(1682);
        FeatureMatrix m = NpyReader.read(out.resolve("text_feat.npy"));
        assertThat(m.rows()).isEqualTo(1682);
        for (int i = 0; i < m.rows(); i++) {
            double s = 0;
            for (int d = 0; d < m.cols(); d++) s += m.get(i, d) * m.get(i, d);
            assertThat(Math.sqrt(s)).isCloseTo(1.0, within(1e-4));
        }
        // item 0 is Toy Story (Animation Children's Comedy); its nearest neighbour shares a family genre
        List<String> lines = Files.readAllLines(DATA.resolve("item_text.tsv"));
        int best = -1;
        double bestSim = -2;
        for (int i = 1; i < m.rows(); i++) {
            double s = 0;
            for (int d = 0; d < m.cols(); d++) s += m.get(0, d) * m.get(i, d);
            if (s > bestSim) {
                bestSim = s;
                best = i;
            }
        }
        String genres = lines.get(best + 1).split("\t")[4];
        assertThat(genres).containsAnyOf("Animation", "Children's");
    }
}
