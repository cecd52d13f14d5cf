package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.data.prep.ColumnMapping;
import org.mmrec4j.data.prep.CsvImporter;
import org.mmrec4j.data.prep.Prepare;
import org.mmrec4j.data.prep.SplitStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Dataset preparation.",
        subcommands = DataCommand.Import.class)
public final class DataCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "CSV/TSV log -> k-core -> ids by first appearance -> 8:1:1 split -> MMRec dataset folder.")
    static final class Import implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "CSV or TSV interaction log") Path input;
        @Option(names = "--out", required = true, description = "dataset folder to write") Path out;
        @Option(names = "--name", description = "dataset name (default: the folder name)") String name;
        @Option(names = "--user", required = true, description = "user column (header name, or 0-based number without header)") String user;
        @Option(names = "--item", required = true, description = "item column") String item;
        @Option(names = "--rating", description = "rating column") String rating;
        @Option(names = "--timestamp", description = "timestamp column (needed by the time splits)") String timestamp;
        @Option(names = "--no-header", description = "the file has no header row") boolean noHeader;
        @Option(names = "--min-rating", description = "keep rows with rating >= this (implicit feedback)") Double minRating;
        @Option(names = "--kcore", description = "iterative k-core for users and items (default 5)") int kcore = 5;
        @Option(names = "--split", description = "RANDOM, USER_TIME or GLOBAL_TIME (default RANDOM)") SplitStrategy split = SplitStrategy.RANDOM;
        @Option(names = "--seed", description = "seed of the random split (default 999)") long seed = 999;

        @Override
        public Integer call() {
            String dataset = name != null ? name : out.toAbsolutePath().normalize().getFileName().toString();
            Prepare.Options options = new Prepare.Options(new ColumnMapping(user, item, rating, timestamp),
                    new CsvImporter.Options(null, !noHeader, minRating), kcore, kcore, split, seed);
            Prepare.Report r = Prepare.run(input, out, dataset, options);
            System.out.printf(Locale.ROOT, "read %d rows (dropped: %d missing, %d below rating, %d duplicate)%n",
                    r.imported().rowsRead(), r.imported().droppedMissing(), r.imported().droppedBelowThreshold(), r.imported().droppedDuplicates());
            System.out.printf(Locale.ROOT, "%d-core: %d rounds removed %d rows%n", kcore, r.kcoreRounds(), r.kcoreRemoved());
            System.out.printf(Locale.ROOT, "%s: %d users, %d items, train %d, valid %d, test %d -> %s%n", dataset,
                    r.numUsers(), r.numItems(), r.train(), r.valid(), r.test(), out.resolve(dataset + ".inter"));
            return 0;
        }
    }
}
