package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.train.SweepVariant;

/** sweep-noise end to end on the demo data (2 ratios × 2 variants, 2 epochs), and its variant syntax. */
class SweepNoiseTest {
    @TempDir
    static Path shared;
    static Path demo;

    @BeforeAll
    static void generate() {
        demo = shared.resolve("demo");
        DemoDataset.generate(demo, 5);
    }

    @Test
    void sweepWritesOneRunPerVariantAndRatioThenTheTablesAndThePlotAndResumes(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sweep");
        String[] args = {"sweep-noise", "--data", demo.toString(), "--ratios", "0,0.2", "--variants", "BPR;BPR+T-CE=BPR:denoise=tce,tce_num_gradual=1",
                "--set", "epochs=2", "--set", "checkpoint_every=null", "--threads", "2", "--out", out.toString()};
        CliTest.Result r = CliTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : List.of("sweep.csv", "sweep.md", "sweep_recall.png", "sweep_recall.svg")) assertThat(out.resolve(f)).isNotEmptyFile();
        for (String run : List.of("BPR/ratio-0/seed-999", "BPR/ratio-0.2/seed-999", "BPR+T-CE/ratio-0/seed-999", "BPR+T-CE/ratio-0.2/seed-999")) {
            assertThat(out.resolve(run).resolve("metrics.json")).exists();
        }
        assertThat(out.resolve("BPR+T-CE/ratio-0.2/seed-999/config.resolved.yaml")).content()
                .contains("denoise: \"tce\"").contains("noise_ratio: 0.2").contains("tce_num_gradual: 1");
        assertThat(out.resolve("BPR/ratio-0.2/seed-999/manifest.json")).content().contains("\"noise\"").contains("\"sha256\"");

        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("variant,model,overrides,noise_ratio,seeds,added_pairs,");
        assertThat(csv.get(1)).startsWith("BPR,BPR,,0,1,0,");
        assertThat(csv.get(3)).startsWith("BPR+T-CE,BPR,denoise=tce;tce_num_gradual=1,0,1,0,");
        int train = org.mmrec4j.data.Dataset.load(demo, org.mmrec4j.data.DatasetOptions.defaults()).train().size();
        int added = org.mmrec4j.data.NoiseInjection.count(0.2, train);
        assertThat(csv.get(2)).startsWith("BPR,BPR,,0.2,1," + added + ",");
        assertThat(csv.get(4)).startsWith("BPR+T-CE,BPR,denoise=tce;tce_num_gradual=1,0.2,1," + added + ",");
        // changes are relative to the variant's own ratio-0 run
        assertThat(csv.get(1)).endsWith(",0,0");
        String[] base = csv.get(1).split(",", -1), noisy = csv.get(2).split(",", -1);
        double expected = (Double.parseDouble(noisy[9]) - Double.parseDouble(base[9])) / Double.parseDouble(base[9]);
        assertThat(Double.parseDouble(noisy[13])).isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-3));

        String md = Files.readString(out.resolve("sweep.md"));
        assertThat(md).contains("| variant | 0 | 0.2 |");
        // two rows in the by-ratio table, four in the all-runs table
        assertThat(md.lines().filter(l -> l.startsWith("| BPR |") || l.startsWith("| BPR+T-CE |"))).hasSize(6);
        assertThat(md).containsPattern("\\| BPR \\| BPR \\|  \\| 0\\.2 \\| " + added + " \\| \\d+ / 2 \\|");
        byte[] png = Files.readAllBytes(out.resolve("sweep_recall.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(out.resolve("sweep_recall.svg")).content().contains("<svg"); // text is drawn as outlines, so only the frame is checked

        // the same command again trains nothing: every run is finished
        Path metrics = out.resolve("BPR/ratio-0.2/seed-999/metrics.json");
        FileTime before = Files.getLastModifiedTime(metrics);
        CliTest.Result again = CliTest.run(args);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err().lines().filter(l -> l.startsWith("already finished: "))).hasSize(4);
        assertThat(Files.getLastModifiedTime(metrics)).isEqualTo(before);
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).isEqualTo(csv);
    }

    @Test
    void aGuiderVariantTrainsTheModelInsideTheWrapper(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sweep");
        CliTest.Result r = CliTest.run("sweep-noise", "--data", demo.toString(), "--ratios", "0", "--variants",
                "VBPR;VBPR+GUIDER=VBPR:wrapper=guider,guider_mode=code_compat", "--set", "epochs=1", "--set", "checkpoint_every=null",
                "--threads", "2", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path plain = out.resolve("VBPR/ratio-0/seed-999"), guided = out.resolve("VBPR+GUIDER/ratio-0/seed-999");
        assertThat(guided.resolve("metrics.json")).content().contains("\"model\" : \"VBPR+GUIDER\"");
        assertThat(plain.resolve("metrics.json")).content().contains("\"model\" : \"VBPR\"");
        // same seed and data: only the wrapper (teacher + KD weighting) can change the student's training loss
        String plainLoss = Files.readAllLines(plain.resolve("train_log.csv")).get(1).split(",")[1];
        String guidedLoss = Files.readAllLines(guided.resolve("train_log.csv")).get(1).split(",")[1];
        assertThat(guidedLoss).isNotEqualTo(plainLoss);
    }

    @Test
    void unknownKeysAndModelsFailBeforeAnyRunStarts(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sweep");
        CliTest.Result r = CliTest.run("sweep-noise", "--data", demo.toString(), "--ratios", "0,0.1", "--variants",
                "BPR;BPR+GUIDER=BPR:wrapper=guidr", "--set", "epochs=1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("wrapper").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).doesNotExist();

        CliTest.Result model = CliTest.run("sweep-noise", "--data", demo.toString(), "--variants", "BPR;X=LightGNC", "--out", out.toString());
        assertThat(model.code()).isEqualTo(2);
        assertThat(model.err()).contains("LightGCN");
        CliTest.Result mode = CliTest.run("sweep-noise", "--data", demo.toString(), "--variants", "BPR:denoise=tc", "--out", out.toString());
        assertThat(mode.code()).isEqualTo(2);
        assertThat(mode.err()).contains("none, tce or rce");
        CliTest.Result reserved = CliTest.run("sweep-noise", "--data", demo.toString(), "--variants", "BPR", "--set", "noise_ratio=0.1",
                "--out", out.toString());
        assertThat(reserved.code()).isEqualTo(2);
        assertThat(reserved.err()).contains("--ratios");
        assertThat(out).doesNotExist();
    }

    @Test
    void variantSyntax() {
        assertThat(SweepVariant.parse("BM3")).isEqualTo(new SweepVariant("BM3", "BM3", List.of()));
        assertThat(SweepVariant.parse("BM3+T-CE=BM3:denoise=tce")).isEqualTo(new SweepVariant("BM3+T-CE", "BM3", List.of("denoise=tce")));
        assertThat(SweepVariant.parse("BM3:denoise=rce, rce_beta=0.2"))
                .isEqualTo(new SweepVariant("BM3:denoise=rce, rce_beta=0.2", "BM3", List.of("denoise=rce", "rce_beta=0.2")));
        assertThat(SweepVariant.parse("grid=LightGCN:reg_weight=[0.1,0.01],n_layers=2").sets())
                .containsExactly("reg_weight=[0.1,0.01]", "n_layers=2");
        assertThat(SweepVariant.parseAll(" BM3 ; G=BM3:wrapper=guider,guider_mode=paper ;")).extracting(SweepVariant::label)
                .containsExactly("BM3", "G");
        assertThat(SweepVariant.parse("BM3:denoise=rce").folderName()).isEqualTo("BM3_denoise_rce");
        assertThatThrownBy(() -> SweepVariant.parse("X=BM3:denoise")).hasMessageContaining("'denoise' is not key=value");
        assertThatThrownBy(() -> SweepVariant.parse("=BM3")).hasMessageContaining("label");
        assertThatThrownBy(() -> SweepVariant.parse("X=:a=b")).hasMessageContaining("no model");
        assertThatThrownBy(() -> SweepVariant.parseAll("BM3;BM3")).hasMessageContaining("twice");
        assertThatThrownBy(() -> SweepVariant.parseAll("a b=BM3;a_b=BM3")).hasMessageContaining("folder");
        assertThatThrownBy(() -> SweepVariant.parseAll(" ; ")).hasMessageContaining("empty");
    }

}
