package org.mmrec4j.data.prep;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.io.InputFiles;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.io.AtomicFiles;

/**
 * The raw-log-to-dataset pipeline of §2.1-2.2 in one call: import, k-core, re-index by first appearance,
 * split, then write {@code <name>.inter}, {@code u_id_mapping.csv}, {@code i_id_mapping.csv},
 * {@code stats.json} and {@code stats.md} (plus whatever {@link ExtraOutputs} adds, e.g. plots).
 *
 * <p>Everything is written into a hidden sibling folder first and published only when every file is
 * complete: a new (or empty) output folder is one atomic rename; into an existing folder each file is moved
 * atomically, other files there (feature files, say) are left alone. On any error the staging folder is
 * deleted, so nothing partial is left in or next to the output folder.
 */
public final class Prepare {
    /** Pipeline settings; MMRec uses 5/5, RANDOM and 8:1:1. */
    public record Options(ColumnMapping columns, CsvImporter.Options csv, int userK, int itemK,
                          SplitStrategy split, Splitter.Ratios ratios, long seed) {
        public Options {
            if (ratios == null) ratios = Splitter.Ratios.MMREC;
        }

        public Options(ColumnMapping columns, CsvImporter.Options csv, int userK, int itemK, SplitStrategy split, long seed) {
            this(columns, csv, userK, itemK, split, Splitter.Ratios.MMREC, seed);
        }

        public static Options mmrec(ColumnMapping columns, long seed) {
            return new Options(columns, CsvImporter.Options.defaults(), 5, 5, SplitStrategy.RANDOM, seed);
        }
    }

    /** What each step did, with the final split sizes and the full statistics. */
    public record Report(CsvImporter.Stats imported, int kcoreRounds, int kcoreRemoved, int numUsers,
                         int numItems, int train, int valid, int test, ImportStats stats) {}

    /** Writes more files (plots, say) into the staging folder before it is published. */
    @FunctionalInterface
    public interface ExtraOutputs {
        void write(Path stagingDir, ImportStats stats);
    }

    private Prepare() {}

    public static Report run(Path input, Path outDir, String name, Options options) {
        return run(input, outDir, name, options, (dir, stats) -> {});
    }

    public static Report run(Path input, Path outDir, String name, Options options, ExtraOutputs extras) {
        Path target = outDir.toAbsolutePath().normalize();
        checkTarget(target, name);
        CsvImporter.Result imported = CsvImporter.read(input, options.columns(), options.csv());
        if (imported.log().size() == 0) {
            throw new DataException(input, "no usable rows among " + imported.stats().rowsRead() + " read (" + imported.stats() + ")",
                    "check the column mapping and --min-rating");
        }
        KCoreFilter.Result core = new KCoreFilter(options.userK(), options.itemK()).apply(imported.log());
        if (core.log().size() == 0) throw emptyCore(input, imported.log(), options);
        IndexedLog log = IndexedLog.of(core.log());
        byte[] labels = Splitter.split(options.split(), log, options.ratios(), new Rng(options.seed()).split("split"));
        ImportStats stats = new ImportStats(input, options, imported.stats(), core, log, labels);

        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            AtomicFiles.removeStale(target.getParent(), "." + target.getFileName() + ".importing-", "");
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".importing-"
                    + ProcessHandle.current().pid() + ".");
            // temp folders start owner-only; a dataset folder is shared like any folder the user makes
            if (staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            InterWriter.write(staging.resolve(name + ".inter"), log.users(), log.items(), log.ratings(),
                    log.timestamps(), labels);
            log.userIds().save(staging.resolve("u_id_mapping.csv"));
            log.itemIds().save(staging.resolve("i_id_mapping.csv"));
            stats.write(staging);
            extras.write(staging, stats);
            publish(staging, target);
        } catch (IOException e) {
            throw InputFiles.failure(target, "cannot write", e);
        } finally {
            if (staging != null) deleteRecursively(staging);
        }
        return new Report(imported.stats(), core.rounds(), core.removedRows(), log.userIds().size(),
                log.itemIds().size(), (int) stats.rows("train"), (int) stats.rows("valid"), (int) stats.rows("test"), stats);
    }

    /** Fails before any work when the output cannot be written as a dataset folder. */
    private static void checkTarget(Path target, String name) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new DataException(target, "exists and is not a folder", "choose another --out");
        }
        if (!Files.isDirectory(target)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target, "*.inter")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().equals(name + ".inter")) {
                    throw new DataException(target, "already holds " + p.getFileName() + " from another dataset; a folder"
                            + " may hold only one .inter file", "remove it, choose another --out, or pass --name "
                            + p.getFileName().toString().replaceFirst("\\.inter$", ""));
                }
            }
        } catch (IOException e) {
            throw InputFiles.failure(target, "cannot list", e);
        }
    }

    /** An empty k-core: the message names the largest k on each side that still leaves rows. */
    private static DataException emptyCore(Path input, RawLog log, Options o) {
        int userK = largestK(log, o.userK(), k -> new KCoreFilter(k, o.itemK()));
        int itemK = largestK(log, o.itemK(), k -> new KCoreFilter(o.userK(), k));
        List<String> fixes = new ArrayList<>();
        if (userK > 0) fixes.add("lower the user k to " + userK + " (keeping item k " + o.itemK() + ")");
        if (itemK > 0) fixes.add("lower the item k to " + itemK + " (keeping user k " + o.userK() + ")");
        if (fixes.isEmpty()) {
            int both = largestK(log, Math.min(o.userK(), o.itemK()), k -> new KCoreFilter(k, k));
            fixes.add("lower both k to " + both);
        }
        return new DataException(input, "no rows left after the iterative k-core with user k " + o.userK() + " and item k "
                + o.itemK() + " (" + log.size() + " rows before)", String.join(", or ", fixes)
                + " (--user-k / --item-k, or --kcore for both)");
    }

    /** The largest k in [1, from) for which the filter keeps rows (binary search: the core shrinks with k), or 0. */
    private static int largestK(RawLog log, int from, java.util.function.IntFunction<KCoreFilter> filter) {
        int lo = 0, hi = from - 1; // invariant: lo works (0 = nothing found yet), hi + 1 fails
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (filter.apply(mid).apply(log).log().size() > 0) lo = mid;
            else hi = mid - 1;
        }
        return lo >= 1 && filter.apply(lo).apply(log).log().size() > 0 ? lo : 0;
    }

    private static void publish(Path staging, Path target) throws IOException {
        if (Files.isDirectory(target) && isEmpty(target)) Files.delete(target);
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            for (Path f : ds) {
                Path dest = target.resolve(f.getFileName().toString());
                try {
                    Files.move(f, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(f, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the staging folder is hidden and never read
        }
    }
}
