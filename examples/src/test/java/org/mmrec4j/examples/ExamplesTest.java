package org.mmrec4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.api.Run;

/** Runs each example program on freshly generated demo data, with few epochs, and checks what it prints. */
class ExamplesTest {
    @TempDir
    static Path tmp;
    static Path data, runDir;
    static List<String> trained;

    @BeforeAll
    static void trainAndRecommend() {
        data = tmp.resolve("demo-data");
        runDir = tmp.resolve("vbpr");
        trained = stdout(() -> TrainAndRecommend.main(new String[] {data.toString(), runDir.toString(), "3"}));
    }

    @Test
    void trainAndRecommendPrintsTheTestRecallAndFiveItems() {
        assertThat(trained).hasSize(6);
        Matcher m = Pattern.compile("best epoch [0-2], test recall@20 (0\\.\\d+)").matcher(trained.get(0));
        assertThat(m.matches()).as(trained.get(0)).isTrue();
        // 20 of 1,500 items at random find about 1.3% of a user's test items; three epochs of VBPR do far better.
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(0.05);
        List<Run.Item> expected = Run.load(runDir).recommend("0", 5);
        for (int j = 0; j < 5; j++) {
            assertThat(trained.get(j + 1)).isEqualTo("item " + expected.get(j).id() + " score " + expected.get(j).score());
        }
    }

    @Test
    void loadAndServeAnswersFromTheRunFolder() {
        List<String> out = stdout(() -> LoadAndServe.main(new String[] {runDir.toString(), "0", "12"}));
        assertThat(out.get(0)).startsWith("VBPR, best epoch ");
        assertThat(out).contains("top 10 for user 0:", "similar to item 12:");
        int similarAt = out.indexOf("similar to item 12:");
        assertThat(similarAt).isEqualTo(12);
        // The first five of the top 10 are the items the training program printed, in the same order.
        for (int j = 0; j < 5; j++) assertThat(out.get(j + 2)).isEqualTo("  " + trained.get(j + 1).replace("item ", "").replace(" score", ""));
        List<String> similar = out.subList(similarAt + 1, out.size());
        assertThat(similar).hasSize(5).noneMatch(line -> line.startsWith("  12 "));
    }

    @Test
    void scoreNewItemsScoresThreeRowsOfFeatures() {
        List<String> out = stdout(() -> ScoreNewItems.main(new String[] {runDir.toString(), data.toString()}));
        assertThat(out.get(0)).isEqualTo("VBPR reads {image=32, text=16}");
        assertThat(out).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(out.get(i + 1)).matches("new item " + i + " score -?\\d+\\.\\d+(E-?\\d+)?");
        }
    }

    /** What {@code program} printed to System.out, as lines. */
    static List<String> stdout(Runnable program) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
