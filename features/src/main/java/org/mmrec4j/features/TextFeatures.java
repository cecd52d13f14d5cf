package org.mmrec4j.features;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.IdMap;
import org.mmrec4j.data.io.Catalog;
import org.mmrec4j.data.io.ItemText;

/**
 * {@code text_feat.npy} from an item catalog (protocol §2.3): each item's text is built from the chosen
 * fields ({@link ItemText}), embedded with all-MiniLM-L6-v2 ({@link MiniLmEncoder}) and placed at its
 * internal index from the dataset's {@code i_id_mapping.csv}. Everything is checked and computed before
 * the first file is written, so a bad input leaves no output behind.
 */
public final class TextFeatures {
    /** MMRec's fields, in its order. */
    public static final List<String> DEFAULT_FIELDS = List.of("title", "brand", "categories", "description");

    /**
     * @param out folder for the three output files (usually the dataset folder)
     * @param workers batches embedded in parallel (capped by the project's thread pool)
     * @param intraOpThreads ONNX Runtime threads inside one batch
     * @param aggregate what several catalog records of one item mean
     */
    public record Options(Path catalog, Path dataset, Path out, List<String> fields, String idField,
                          FeaturePolicy.Fill fill, FeaturePolicy.Unknown unknown, FeaturePolicy.Missing missing,
                          int batchSize, int workers, int intraOpThreads, FeaturePolicy.Aggregate aggregate) {
        /** One record per item ({@link FeaturePolicy.Aggregate#ERROR}). */
        public Options(Path catalog, Path dataset, Path out, List<String> fields, String idField, FeaturePolicy.Fill fill,
                       FeaturePolicy.Unknown unknown, FeaturePolicy.Missing missing, int batchSize, int workers, int intraOpThreads) {
            this(catalog, dataset, out, fields, idField, fill, unknown, missing, batchSize, workers, intraOpThreads,
                    FeaturePolicy.Aggregate.ERROR);
        }

        public Options {
            if (aggregate == null) throw new IllegalArgumentException("aggregate must not be null");
            if (fields == null || fields.isEmpty()) throw new IllegalArgumentException("give at least one text field");
            fields = List.copyOf(fields);
            if (batchSize < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batchSize);
            if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            if (intraOpThreads < 1) throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        }
    }

    /** What a run did; {@code seconds} covers the embedding only. */
    public record Report(int items, int withText, int filled, int unknownSkipped, int catalogRecords, double seconds,
                         Path features) {
        public double textsPerSecond() {
            return withText / Math.max(seconds, 1e-9);
        }
    }

    private TextFeatures() {}

    public static Report run(Options o, PrintStream log) {
        IdMap ids = FeatureFiles.itemIds(o.dataset());
        Catalog catalog = Catalog.read(o.catalog(), o.idField(), id -> ids.tryIndex(id) >= 0,
                o.aggregate() == FeaturePolicy.Aggregate.ERROR);
        checkFields(catalog, o.fields());
        FeatureFiles.prepareOutput(o.out());

        int n = ids.size();
        int unknown = catalog.skippedCount();
        if (unknown > 0) {
            Catalog.Record first = catalog.skippedExamples().get(0);
            if (o.unknown() == FeaturePolicy.Unknown.ERROR) {
                throw new DataException(catalog.file(), first.line(), "item '" + first.id() + "' is not in the dataset's "
                        + "i_id_mapping.csv (" + n + " items)", "drop it from the catalog, check --id-field, or pass --unknown-items warn");
            }
            log.printf(Locale.ROOT, "warning: skipped %d catalog records whose item is not in the dataset (e.g. %s)%n", unknown,
                    String.join(", ", catalog.skippedExamples().stream().map(Catalog.Record::id).toList()));
        }
        String[] texts = itemTexts(catalog, ids, o.fields(), o.aggregate());
        boolean[] present = new boolean[n];
        List<String> toEmbed = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (texts[k] != null) {
                present[k] = true;
                toEmbed.add(texts[k]);
            }
        }
        int withText = toEmbed.size();
        if (withText == 0) {
            throw new DataException(catalog.file(), "no dataset item has text in fields " + o.fields(),
                    "check --fields, --id-field and that the catalog belongs to this dataset");
        }
        if (withText < n) {
            List<String> examples = FeatureFiles.firstMissing(ids, present, 5);
            if (o.missing() == FeaturePolicy.Missing.ERROR) {
                throw new DataException(catalog.file(), (n - withText) + " of " + n + " dataset items have no text in fields "
                        + o.fields() + " (e.g. " + String.join(", ", examples) + ")", "add their text, or pass --missing fill");
            }
            log.printf(Locale.ROOT, "%d of %d items have no text (absent or blank; e.g. %s): %s rows%n", n - withText, n,
                    String.join(", ", examples), o.fill().name().toLowerCase(Locale.ROOT));
        }

        float[] data = new float[n * MiniLmEncoder.DIM];
        double seconds;
        Map<String, Object> manifest = new LinkedHashMap<>();
        try (MiniLmEncoder encoder = new MiniLmEncoder(o.intraOpThreads())) {
            long start = System.nanoTime();
            float[][] rows;
            try (Progress p = Progress.of("text features", withText, log)) {
                rows = BatchEmbedder.embedAll(encoder, toEmbed, o.batchSize(), o.workers(), p);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            int j = 0;
            for (int k = 0; k < n; k++) {
                if (present[k]) System.arraycopy(rows[j++], 0, data, k * MiniLmEncoder.DIM, MiniLmEncoder.DIM);
            }
            manifest.put("model", MiniLmEncoder.MODEL_NAME);
            manifest.put("model_file", MiniLmEncoder.MODEL_RESOURCE.substring(1));
            manifest.put("model_sha256", encoder.modelSha256());
            manifest.put("tokenizer_file", MiniLmEncoder.TOKENIZER_RESOURCE.substring(1));
            manifest.put("tokenizer_sha256", encoder.tokenizerSha256());
        }
        FeatureFiles.fill(data, n, MiniLmEncoder.DIM, present, o.fill());

        manifest.put("pooling", "attention-mask mean, then L2 normalisation");
        manifest.put("truncation_word_pieces", MiniLmEncoder.MAX_TOKENS);
        manifest.put("text_fields", o.fields());
        manifest.put("id_field", o.idField());
        manifest.put("aggregate", o.aggregate().name().toLowerCase(Locale.ROOT));
        manifest.put("catalog", o.catalog().toAbsolutePath().normalize().toString());
        manifest.put("catalog_sha256", Hashing.sha256(o.catalog()));
        manifest.put("catalog_records", catalog.records().size() + unknown);
        manifest.put("catalog_records_not_in_dataset", unknown);
        manifest.put("items_with_text", withText);
        manifest.put("items_without_text", n - withText);
        manifest.put("fill", o.fill().name().toLowerCase(Locale.ROOT));
        manifest.put("batch_size", o.batchSize());
        manifest.put("batch_token_budget", BatchEmbedder.TOKEN_BUDGET);
        FeatureFiles.write(o.out(), "text", new FeatureMatrix(n, MiniLmEncoder.DIM, data), present, manifest);
        return new Report(n, withText, n - withText, unknown, catalog.records().size() + unknown, seconds,
                FeatureFiles.features(o.out(), "text"));
    }

    /**
     * Each item's text by internal index, null where it has none. Records of one item (only with CONCAT or
     * FIRST) combine in file order; blank texts never count, so FIRST takes the first record with text.
     */
    static String[] itemTexts(Catalog catalog, IdMap ids, List<String> fields, FeaturePolicy.Aggregate aggregate) {
        StringBuilder[] texts = new StringBuilder[ids.size()];
        for (Catalog.Record r : catalog.records()) {
            String text = ItemText.build(r.fields(), fields);
            if (ItemText.isEmpty(text)) continue;
            int k = ids.index(r.id());
            if (texts[k] == null) texts[k] = new StringBuilder(text);
            else if (aggregate == FeaturePolicy.Aggregate.CONCAT) texts[k].append(' ').append(text);
        }
        String[] out = new String[texts.length];
        for (int k = 0; k < texts.length; k++) out[k] = texts[k] == null ? null : texts[k].toString();
        return out;
    }

    /** Every chosen field must be a catalog column (CSV/TSV) or appear on at least one line (JSON lines). */
    static void checkFields(Catalog catalog, List<String> fields) {
        for (String f : fields) {
            if (!catalog.fieldNames().contains(f)) {
                throw new DataException(catalog.file(), (catalog.tabular() ? "no column '" : "no record has a field '") + f
                        + "' (fields: " + catalog.fieldNames() + ")", "choose fields with --fields, e.g. --fields title,genres");
            }
        }
    }
}
