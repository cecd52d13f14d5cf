package org.mmrec4j.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MiniLM encoder against sentence-transformers' published vector, and its truncation and pooling. */
class MiniLmEncoderTest {
    static MiniLmEncoder encoder;

    @BeforeAll
    static void open() {
        encoder = new MiniLmEncoder(1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void matchesSentenceTransformersOnTheExampleSentence() {
        float[] v = encoder.embed(List.of("This is an example sentence"))[0];
        assertThat(v).hasSize(384);
        float[] expected = {0.0676569f, 0.0634959f, 0.0487131f, 0.0793050f, 0.0374481f};
        for (int d = 0; d < expected.length; d++) assertThat(v[d]).as("dim %d", d).isCloseTo(expected[d], within(1e-5f));
        assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void paddingInABatchDoesNotChangeARow() {
        String shortText = "This is an example sentence";
        String longText = "A much longer product description that needs many more word pieces than the short one, "
                + "so the short one is padded in this batch.";
        float[] alone = encoder.embed(List.of(shortText))[0];
        float[] padded = encoder.embed(List.of(longText, shortText))[1];
        for (int d = 0; d < 384; d++) assertThat(padded[d]).isCloseTo(alone[d], within(1e-5f));
    }

    @Test
    void truncatesAt256WordPiecesIncludingSpecialTokens() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) sb.append("word").append(i % 7).append(' ');
        String longText = sb.toString();
        assertThat(encoder.tokenCount(longText)).isEqualTo(256);
        // Text beyond the cut does not change the vector.
        float[] a = encoder.embed(List.of(longText))[0];
        float[] b = encoder.embed(List.of(longText + " completely different ending about dragons and submarines"))[0];
        for (int d = 0; d < 384; d++) assertThat(b[d]).isEqualTo(a[d]);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        return Math.sqrt(s);
    }
}
