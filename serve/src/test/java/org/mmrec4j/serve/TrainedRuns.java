package org.mmrec4j.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmrec4j.data.IdMap;
import org.mmrec4j.data.ItemTexts;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.train.Experiment;
import org.mmrec4j.train.RunSetup;
import org.mmrec4j.train.TrainListener;

/** Short training runs on the demo data with external ids ("u-…", "item …,x" with a comma), for the serve tests. */
final class TrainedRuns {
    private TrainedRuns() {}

    /** The demo data plus id maps whose external ids differ from the indexes (item_text.tsv rewritten to them). */
    static Path demoWithIds(Path dir) {
        DemoDataset.generate(dir, 7);
        ItemTexts texts = ItemTexts.load(dir, DemoDataset.NUM_ITEMS, null);
        List<String> users = new ArrayList<>(), items = new ArrayList<>();
        for (int u = 0; u < DemoDataset.NUM_USERS; u++) users.add("u-" + (DemoDataset.NUM_USERS - u) * 3);
        for (int i = 0; i < DemoDataset.NUM_ITEMS; i++) items.add(i % 50 == 0 ? "item " + i + ",x" : "i" + (i * 7 + 1));
        IdMap.of(users).withColumns("user_id", "userID").save(dir.resolve("u_id_mapping.csv"));
        IdMap.of(items).withColumns("item_id", "itemID").save(dir.resolve("i_id_mapping.csv"));
        String[] titles = new String[DemoDataset.NUM_ITEMS], descriptions = new String[DemoDataset.NUM_ITEMS];
        for (int i = 0; i < titles.length; i++) {
            titles[i] = texts.title(i);
            descriptions[i] = texts.description(i);
        }
        ItemTexts.write(dir, items.toArray(String[]::new), titles, descriptions);
        return dir;
    }

    /** Trains model for a few epochs into out and returns out. */
    static Path train(String model, Path data, Path out, String... sets) {
        List<String> all = new ArrayList<>(List.of(sets));
        all.add("checkpoint_every=null");
        Experiment.run(RunSetup.resolve(model, data, null, all, false), out, false, TrainListener.NONE, List.of("test"));
        if (!Files.exists(out.resolve("model.bin"))) throw new AssertionError("no model.bin in " + out);
        return out;
    }
}
