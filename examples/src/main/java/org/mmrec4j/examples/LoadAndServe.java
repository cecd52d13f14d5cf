package org.mmrec4j.examples;

import java.nio.file.Path;
import org.mmrec4j.api.Run;

/** Loads a trained run folder and answers as a service would: top-K for a user, items similar to an item. */
public final class LoadAndServe {
    public static void main(String[] args) {
        Run run = Run.load(Path.of(args[0])); // the dataset is read from where the run found it
        String user = args.length > 1 ? args[1] : "0";
        String item = args.length > 2 ? args[2] : "0";

        System.out.println(run.model() + ", best epoch " + run.bestEpoch());
        System.out.println("top 10 for user " + user + ":");
        for (Run.Item i : run.recommend(user, 10)) System.out.println("  " + i.id() + " " + i.score());
        System.out.println("similar to item " + item + ":");
        for (Run.Item i : run.similar(item, 5)) System.out.println("  " + i.id() + " " + i.score());
    }
}
