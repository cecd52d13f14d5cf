package org.mmrec4j.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Parallel;

/** Length-sorted, token-budgeted batches return rows in input order, whatever the worker count. */
class BatchEmbedderTest {
    @Test
    void rowsComeBackInInputOrderAndDoNotDependOnTheWorkerCount() {
        List<String> texts = new ArrayList<>();
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 300; i++) longText.append("blanket ");
        for (int i = 0; i < 7; i++) {
            texts.add("short title " + i);
            if (i % 3 == 0) texts.add(longText + " number " + i); // 256-piece texts: 4 per batch under the budget
        }
        int before = Parallel.threads();
        Parallel.setThreads(2);
        try (MiniLmEncoder encoder = new MiniLmEncoder(1)) {
            float[][] one = BatchEmbedder.embedAll(encoder, texts, 32, 1, Progress.silent(texts.size()));
            float[][] two = BatchEmbedder.embedAll(encoder, texts, 32, 2, Progress.silent(texts.size()));
            for (int i = 0; i < texts.size(); i++) {
                assertThat(two[i]).as("text %d", i).containsExactly(one[i]);
                float[] alone = encoder.embed(List.of(texts.get(i)))[0];
                for (int d = 0; d < alone.length; d++) assertThat(one[i][d]).isCloseTo(alone[d], within(1e-5f));
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
