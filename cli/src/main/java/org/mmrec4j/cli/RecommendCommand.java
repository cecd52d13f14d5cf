package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mmrec4j.serve.BatchRecommender;
import org.mmrec4j.serve.RecommendationIndex;
import org.mmrec4j.serve.TrainedModel;
import org.mmrec4j.train.RunFolder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Top-K items per user from a trained run (best validation epoch), with external ids.")
public final class RecommendCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "run folder written by `mmrec4j train --out`")
    Path run;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Who who;

    static final class Who {
        @Option(names = "--users", description = "file of external user ids, one per line") Path users;
        @Option(names = "--all", description = "every user") boolean all;
    }

    @Option(names = "--k", description = "items per user (default 20; capped at the number of items)")
    int k = 20;

    @Option(names = "--out", required = true, description = "output file, user_id,item_id,rank,score: *.csv, or *.tsv for tab-separated")
    Path out;

    @Option(names = "--include-seen", description = "keep the user's training items (excluded by default)")
    boolean includeSeen;

    @Option(names = "--skip-unknown", description = "skip unknown ids in --users instead of failing")
    boolean skipUnknown;

    @Option(names = "--data", description = "dataset folder, when it moved since training (default: the one in manifest.json)")
    Path data;

    @Option(names = "--export-embeddings", description = "also write user_emb.npy, item_emb.npy, user_ids.txt, item_ids.txt here")
    Path exportDir;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.apply();
        if (k < 1) throw new IllegalArgumentException("--k must be >= 1, got " + k);
        RunFolder.at(run).refuseAsOutput(out, "--out");
        BatchRecommender.Format f = BatchRecommender.Format.of(out);
        TrainedModel m = TrainedModel.load(run, data);
        RecommendationIndex index = new RecommendationIndex(m);
        int[] users = who.all ? BatchRecommender.allUsers(m) : BatchRecommender.readUsers(who.users, index, skipUnknown);
        if (exportDir != null) BatchRecommender.exportEmbeddings(m, index, exportDir);
        long t0 = System.nanoTime();
        long rows = BatchRecommender.write(m, index, users, k, includeSeen, f, out);
        System.out.printf(java.util.Locale.ROOT, "%s (best epoch %d): wrote %d recommendations for %d users to %s in %.2f s%n",
                m.spec().name(), m.bestEpoch(), rows, users.length, out, (System.nanoTime() - t0) / 1e9);
        if (exportDir != null) System.out.println("embeddings: " + exportDir);
        return 0;
    }
}
