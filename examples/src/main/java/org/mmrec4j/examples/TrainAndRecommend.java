package org.mmrec4j.examples;

import java.nio.file.Path;
import org.mmrec4j.api.Run;
import org.mmrec4j.api.Training;
import org.mmrec4j.data.demo.DemoDataset;

/** Trains VBPR on the demo data, prints its test metrics and the top 5 items for user 0. */
public final class TrainAndRecommend {
    public static void main(String[] args) {
        Path data = Path.of(args[0]), runDir = Path.of(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        DemoDataset.generate(data, 2024); // demo.inter plus image and text features

        // Early stopping on validation; the best epoch's parameters are kept in runDir/model.bin.
        Run run = Training.of("VBPR", data).set("epochs", epochs).run(runDir);

        // Test metrics at the best validation epoch: full ranking, training items masked.
        System.out.println("best epoch " + run.bestEpoch() + ", test recall@20 " + run.testMetrics().get("recall@20"));
        for (Run.Item item : run.recommend("0", 5)) {
            System.out.println("item " + item.id() + " score " + item.score());
        }
    }
}
