package org.mmrec4j.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mmrec4j.api.Run;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.io.NpyReader;

/**
 * Scores items the model never trained on, from their features alone (VBPR can; see Run.newItemFeatures).
 * The "new" items here are the first three rows of the feature files in the data folder.
 */
public final class ScoreNewItems {
    public static void main(String[] args) {
        Run run = Run.load(Path.of(args[0]));
        Path data = Path.of(args[1]);
        System.out.println(run.model() + " reads " + run.newItemFeatures());

        Map<String, FeatureMatrix> features = new LinkedHashMap<>();
        for (String modality : run.newItemFeatures().keySet()) {
            FeatureMatrix all = NpyReader.read(data.resolve(modality + "_feat.npy"));
            features.put(modality, new FeatureMatrix(3, all.cols(), Arrays.copyOf(all.data(), 3 * all.cols())));
        }
        float[] scores = run.scoreNewItems("0", features);
        for (int i = 0; i < scores.length; i++) System.out.println("new item " + i + " score " + scores[i]);
    }
}
