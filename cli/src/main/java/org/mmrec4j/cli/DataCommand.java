package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmrec4j.data.prep.ColumnMapping;
import org.mmrec4j.data.prep.CsvImporter;
import org.mmrec4j.data.prep.ImportStats;
import org.mmrec4j.data.prep.Prepare;
import org.mmrec4j.data.prep.SplitStrategy;
import org.mmrec4j.data.prep.Splitter;
import org.mmrec4j.plot.Chart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Dataset preparation.",
        subcommands = DataCommand.Import.class)
public final class DataCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"CSV/TSV or JSON-lines log (optionally .gz) -> dedup -> k-core -> ids by first appearance"
                    + " -> split -> MMRec dataset folder with stats.md, stats.json and degree histograms.",
                    "Output is staged in a hidden sibling folder and published only when complete."})
    static final class Import implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "CSV/TSV or JSON-lines interaction log, optionally gzip-compressed") Path input;
        @Option(names = "--out", required = true, description = "dataset folder to write") Path out;
        @Option(names = "--name", description = "dataset name (default: the folder name)") String name;
        @Option(names = "--user", required = true, description = "user column or JSON field (0-based number for a file without header)") String user;
        @Option(names = "--item", required = true, description = "item column or JSON field") String item;
        @Option(names = "--rating", description = "rating column or JSON field") String rating;
        @Option(names = "--timestamp", description = "timestamp column or JSON field (needed by the time splits and EARLIEST/LATEST dedup)") String timestamp;
        @Option(names = "--format", description = "AUTO (default), CSV or JSON_LINES") CsvImporter.Format format = CsvImporter.Format.AUTO;
        @Option(names = "--delimiter", description = "CSV field separator: a character, 'tab' or '\\t' (default: detected from the first line)") String delimiter;
        @Option(names = "--no-header", description = "the CSV file has no header row") boolean noHeader;
        @Option(names = "--min-rating", description = "keep rows with rating >= this (implicit feedback); rows without a rating are then dropped") Double minRating;
        @Option(names = "--dedup", description = "EXACT (default, MMRec: drop repeated user+item+timestamp), FIRST, LAST, EARLIEST, LATEST (one row per user-item pair) or NONE") CsvImporter.Dedup dedup = CsvImporter.Dedup.EXACT;
        @Option(names = "--kcore", description = "iterative k-core for users and items (default 5)") int kcore = 5;
        @Option(names = "--user-k", description = "k-core bound for users (default: --kcore)") Integer userK;
        @Option(names = "--item-k", description = "k-core bound for items (default: --kcore)") Integer itemK;
        @Option(names = "--split", description = "RANDOM (default), USER_TIME, GLOBAL_TIME or ITEM_COLD") SplitStrategy split = SplitStrategy.RANDOM;
        @Option(names = "--ratios", description = "train,valid,test shares (default 0.8,0.1,0.1); for ITEM_COLD the shares of items held out") String ratios;
        @Option(names = "--seed", description = "seed of the random and item-cold splits (default 999)") long seed = 999;

        @Override
        public Integer call() {
            String dataset = name != null ? name : out.toAbsolutePath().normalize().getFileName().toString();
            Splitter.Ratios r = ratios == null ? Splitter.Ratios.MMREC : Splitter.Ratios.parse(ratios);
            int uk = userK != null ? userK : kcore, ik = itemK != null ? itemK : kcore;
            Prepare.Options options = new Prepare.Options(new ColumnMapping(user, item, rating, timestamp),
                    new CsvImporter.Options(separator(delimiter), !noHeader, minRating, dedup, format), uk, ik, split, r, seed);
            Prepare.Report rep = Prepare.run(input, out, dataset, options, (dir, stats) -> plotDegrees(dir, dataset, stats));
            CsvImporter.Stats s = rep.imported();
            System.out.printf(Locale.ROOT, "read %d rows (dropped: %d missing value, %d below rating, %d duplicate [%s])%n",
                    s.rowsRead(), s.droppedMissing(), s.droppedBelowThreshold(), s.droppedDuplicates(), dedup);
            System.out.printf(Locale.ROOT, "k-core (user %d, item %d): %d rounds removed %d rows%n", uk, ik, rep.kcoreRounds(), rep.kcoreRemoved());
            System.out.printf(Locale.ROOT, "%s: %d users, %d items, train %d, valid %d, test %d (%s %s) -> %s%n", dataset,
                    rep.numUsers(), rep.numItems(), rep.train(), rep.valid(), rep.test(), split, r, out.resolve(dataset + ".inter"));
            System.out.println("statistics: " + out.resolve("stats.md") + " (degree histograms user_degree.png, item_degree.png)");
            if (split == SplitStrategy.ITEM_COLD) {
                System.out.println("item cold start: train with --set eval_cold_items=true to also rank only the held-out items");
            }
            return 0;
        }

        private static void plotDegrees(Path dir, String dataset, ImportStats stats) {
            Chart.histogram("User degree (" + dataset + ")", "interactions per user (log2 bins)",
                    toDouble(stats.userDegrees()), 0, true).save(dir.resolve("user_degree"));
            Chart.histogram("Item degree (" + dataset + ")", "interactions per item (log2 bins)",
                    toDouble(stats.itemDegrees()), 0, true).save(dir.resolve("item_degree"));
        }

        private static double[] toDouble(int[] v) {
            return Arrays.stream(v).asDoubleStream().toArray();
        }

        static Character separator(String s) {
            if (s == null) return null;
            if (s.equalsIgnoreCase("tab") || s.equals("\\t") || s.equals("\t")) return '\t';
            if (s.length() != 1) throw new IllegalArgumentException("--delimiter must be one character or 'tab', got '" + s + "'");
            return s.charAt(0);
        }
    }
}
