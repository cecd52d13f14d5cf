package org.mmrec4j.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.prep.ColumnMapping;
import org.mmrec4j.data.prep.CsvImporter;

/** IO failures say why; FIFOs are refused before they are opened; trailing blank lines are accepted. */
class InputFilesTest {
    @TempDir Path tmp;

    private static final String INTER = "userID\titemID\trating\ttimestamp\tx_label\n0\t0\t1\t0\t0\n0\t1\t1\t0\t0\n1\t1\t1\t0\t0\n1\t0\t1\t0\t1\n";

    private Path dataset() throws IOException {
        Path d = tmp.resolve("d");
        Files.createDirectories(d);
        Files.writeString(d.resolve("d.inter"), INTER);
        return d;
    }

    @Test
    void reasonsNameTheCommonFailures() {
        assertThat(InputFiles.reason(new AccessDeniedException("/x"))).isEqualTo("permission denied");
        assertThat(InputFiles.reason(new NoSuchFileException("/x"))).isEqualTo("not found");
        assertThat(InputFiles.reason(new FileSystemException("/x", null, "Is a directory"))).isEqualTo("is a directory");
        assertThat(InputFiles.reason(new IOException("No space left on device"))).isEqualTo("no space left on device");
        assertThat(InputFiles.reason(new EOFException("Unexpected end of ZLIB input stream"))).isEqualTo("truncated gzip stream");
        DataException e = InputFiles.failure(Path.of("/x/f.npy"), "cannot read", new AccessDeniedException("/x/f.npy"));
        assertThat(e.getMessage()).isEqualTo("/x/f.npy: cannot read: permission denied. Fix: give the current user access"
                + " to the file (chmod/chown), or use another path");
    }

    @Test
    void aFifoAsAFeatureFileIsRefusedInsteadOfBlocking() throws Exception {
        Path d = dataset();
        Path fifo = d.resolve("image_feat.npy");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();
        for (boolean load : new boolean[] {true, false}) {
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThatThrownBy(() -> Dataset.load(d, DatasetOptions.defaults().withLoadFeatures(load)))
                            .isInstanceOf(DataException.class)
                            .hasMessageContaining(fifo + ": is not a regular file (a FIFO, device or socket)"));
        }
        // a configured file name too (it used to be taken for a missing file and switched off)
        DatasetOptions named = DatasetOptions.defaults().withFeatureFiles(Map.of("image", "image_feat.npy"));
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> Dataset.load(d, named)).hasMessageContaining("is not a regular file"));
    }

    @Test
    void aFolderWhereAFileBelongsSaysSo() throws IOException {
        Path d = dataset();
        Files.createDirectories(d.resolve("i_id_mapping.csv"));
        assertThatThrownBy(() -> Dataset.load(d, DatasetOptions.defaults()))
                .isInstanceOf(DataException.class).hasMessageContaining("i_id_mapping.csv: is a directory, not a file");
        Files.delete(d.resolve("i_id_mapping.csv"));
        Files.createDirectories(d.resolve("text_feat.npy"));
        assertThatThrownBy(() -> Dataset.load(d, DatasetOptions.defaults()))
                .isInstanceOf(DataException.class).hasMessageContaining("text_feat.npy: is a directory, not a file");
    }

    @Test
    void trailingBlankLinesOfAnInterFileAreAccepted() throws IOException {
        Path d = dataset();
        Files.writeString(d.resolve("d.inter"), INTER + "\n\n\r\n  \n");
        Dataset ds = Dataset.load(d, DatasetOptions.defaults());
        assertThat(ds.train().size()).isEqualTo(3);
        assertThat(ds.valid().size()).isEqualTo(1);
        Files.writeString(d.resolve("d.inter"), INTER.replace("\n", "\r\n") + "\r\n\r\n");
        assertThat(Dataset.load(d, DatasetOptions.defaults()).train().size()).isEqualTo(3);
    }

    @Test
    void aTruncatedGzipSaysSo() throws IOException {
        Path p = tmp.resolve("log.tsv.gz");
        StringBuilder sb = new StringBuilder("u\ti\tr\n");
        for (int k = 0; k < 5000; k++) sb.append(k % 97).append('\t').append(k % 89).append("\t5\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> CsvImporter.read(p, new ColumnMapping("u", "i", "r", null), CsvImporter.Options.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(p + ": cannot read: truncated gzip stream. Fix: ");
    }

    @Test
    void aFeatureFileWithTheWrongRowCountIsRefusedFromItsHeader() throws IOException {
        Path d = dataset();
        NpyWriter.write(d.resolve("image_feat.npy"), new FeatureMatrix(3, 2, new float[6]));
        assertThatThrownBy(() -> Dataset.load(d, DatasetOptions.defaults().withLoadFeatures(false)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("image_feat.npy: has 3 feature rows but the dataset has 2 items");
    }
}
