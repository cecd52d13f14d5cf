package org.mmrec4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.cli.Main;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.io.NpyReader;
import picocli.CommandLine;

class SynthCommandTest {
    private static final String INTER = "userID\titemID\trating\ttimestamp\tx_label\n"
            + "0\t0\t5\t1\t0\n0\t3\t5\t2\t0\n1\t1\t4\t3\t0\n1\t3\t4\t4\t1\n2\t2\t3\t5\t0\n2\t5\t3\t6\t2\n";

    private static int run(String... args) {
        CommandLine cli = Main.commandLine(new BenchMain());
        cli.setOut(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void copiesTheInteractionsAndWritesDeterministicFeaturesOfTheRequestedShapes(@TempDir Path tmp) throws Exception {
        Path base = Files.createDirectories(tmp.resolve("base"));
        Files.writeString(base.resolve("mini.inter"), INTER);
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertThat(run("synth", "--base", base.toString(), "--out", a.toString(), "--image-dim", "10", "--text-dim", "6")).isZero();
        assertThat(run("synth", "--base", base.toString(), "--out", b.toString(), "--image-dim", "10", "--text-dim", "6")).isZero();

        assertThat(Files.readString(a.resolve("mini_synth.inter"))).isEqualTo(INTER);
        FeatureMatrix image = NpyReader.read(a.resolve("image_feat.npy")), text = NpyReader.read(a.resolve("text_feat.npy"));
        // items = max itemID + 1 over all splits: item 5 occurs only in test.
        assertThat(image.rows()).isEqualTo(6);
        assertThat(image.cols()).isEqualTo(10);
        assertThat(text.rows()).isEqualTo(6);
        assertThat(text.cols()).isEqualTo(6);
        for (float v : image.data()) assertThat(v).isGreaterThanOrEqualTo(0f);
        for (int i = 0; i < text.rows(); i++) {
            double sq = 0;
            for (int j = 0; j < text.cols(); j++) sq += text.get(i, j) * text.get(i, j);
            assertThat(Math.sqrt(sq)).isCloseTo(1.0, within(1e-5));
        }
        assertThat(Files.readAllBytes(b.resolve("image_feat.npy"))).isEqualTo(Files.readAllBytes(a.resolve("image_feat.npy")));
        assertThat(Files.readAllBytes(b.resolve("text_feat.npy"))).isEqualTo(Files.readAllBytes(a.resolve("text_feat.npy")));
        assertThat(Files.list(a).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("mini_synth.inter", "image_feat.npy", "text_feat.npy", "SOURCE.md", "u_id_mapping.csv",
                        "i_id_mapping.csv");
        // the base has no id maps: the copy's external ids are the indexes, one per user and item
        assertThat(Dataset.load(a, DatasetOptions.defaults()).itemIds().orElseThrow().id(5)).isEqualTo("5");
    }

    @Test
    void theBasesIdMapsAreCopiedSoExternalIdsSurvive(@TempDir Path tmp) throws Exception {
        Path base = Files.createDirectories(tmp.resolve("base"));
        Files.writeString(base.resolve("mini.inter"), INTER);
        StringBuilder users = new StringBuilder("user_id\tuserID\n"), items = new StringBuilder("asin\titemID\n");
        int numUsers = Dataset.load(base, DatasetOptions.defaults()).numUsers();
        for (int u = 0; u < numUsers; u++) users.append("U").append(u).append('\t').append(u).append('\n');
        for (int i = 0; i < 6; i++) items.append("B00").append(i).append('\t').append(i).append('\n');
        Files.writeString(base.resolve("u_id_mapping.csv"), users);
        Files.writeString(base.resolve("i_id_mapping.csv"), items);
        Path out = tmp.resolve("synth");
        assertThat(run("synth", "--base", base.toString(), "--out", out.toString(), "--image-dim", "4", "--text-dim", "3")).isZero();
        assertThat(out.resolve("i_id_mapping.csv")).hasSameTextualContentAs(base.resolve("i_id_mapping.csv"));
        assertThat(out.resolve("u_id_mapping.csv")).hasSameTextualContentAs(base.resolve("u_id_mapping.csv"));
        assertThat(Dataset.load(out, DatasetOptions.defaults()).itemIds().orElseThrow().id(3)).isEqualTo("B003");
        assertThat(out.resolve("SOURCE.md")).content().contains("`i_id_mapping.csv` copied from the base");
    }

    @Test
    void anotherSeedGivesOtherFeaturesAndANameCanBeChosen(@TempDir Path tmp) throws Exception {
        Path base = Files.createDirectories(tmp.resolve("base"));
        Files.writeString(base.resolve("mini.inter"), INTER);
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        run("synth", "--base", base.toString(), "--out", a.toString(), "--image-dim", "4", "--text-dim", "3");
        run("synth", "--base", base.toString(), "--out", b.toString(), "--image-dim", "4", "--text-dim", "3", "--seed", "8", "--name", "other");
        assertThat(NpyReader.read(b.resolve("image_feat.npy")).data()).isNotEqualTo(NpyReader.read(a.resolve("image_feat.npy")).data());
        assertThat(b.resolve("other.inter")).exists();
    }

    @Test
    void aFolderWithoutInteractionsIsAnInputError(@TempDir Path tmp) {
        CommandLine cli = Main.commandLine(new BenchMain());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("synth", "--base", tmp.toString(), "--out", tmp.resolve("o").toString())).isEqualTo(2);
        assertThat(err.toString()).contains(".inter");
    }
}
