package org.mmrec4j.data.prep;

import java.nio.file.Path;
import org.mmrec4j.engine.Rng;

/**
 * The raw-log-to-dataset pipeline of §2.1-2.2 in one call: import, k-core, re-index by first appearance,
 * split, then write {@code <name>.inter}, {@code u_id_mapping.csv} and {@code i_id_mapping.csv}.
 */
public final class Prepare {
    /** Pipeline settings; MMRec uses 5/5 and RANDOM. */
    public record Options(ColumnMapping columns, CsvImporter.Options csv, int userK, int itemK,
                          SplitStrategy split, long seed) {
        public static Options mmrec(ColumnMapping columns, long seed) {
            return new Options(columns, CsvImporter.Options.defaults(), 5, 5, SplitStrategy.RANDOM, seed);
        }
    }

    /** What each step did, with the final split sizes. */
    public record Report(CsvImporter.Stats imported, int kcoreRounds, int kcoreRemoved, int numUsers,
                         int numItems, int train, int valid, int test) {}

    private Prepare() {}

    public static Report run(Path input, Path outDir, String name, Options options) {
        CsvImporter.Result imported = CsvImporter.read(input, options.columns(), options.csv());
        KCoreFilter.Result core = new KCoreFilter(options.userK(), options.itemK()).apply(imported.log());
        IndexedLog log = IndexedLog.of(core.log());
        byte[] labels = Splitter.split(options.split(), log, new Rng(options.seed()).split("split"));
        InterWriter.write(outDir.resolve(name + ".inter"), log.users(), log.items(), log.ratings(),
                log.timestamps(), labels);
        log.userIds().save(outDir.resolve("u_id_mapping.csv"));
        log.itemIds().save(outDir.resolve("i_id_mapping.csv"));
        int[] c = new int[3];
        for (byte b : labels) c[b]++;
        return new Report(imported.stats(), core.rounds(), core.removedRows(), log.userIds().size(),
                log.itemIds().size(), c[0], c[1], c[2]);
    }
}
