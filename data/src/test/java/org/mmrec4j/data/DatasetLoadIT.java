package org.mmrec4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Loads the real Baby and TikTok folders and checks the counts published in their SOURCE.md. */
class DatasetLoadIT {
    private static Path datasets() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets");
            if (Files.isDirectory(candidate)) return candidate;
        }
        return null;
    }

    private static Path folder(String name) {
        Path root = datasets();
        Assumptions.assumeTrue(root != null && Files.isDirectory(root.resolve(name)),
                "skipped: shared/datasets/" + name + " not found above " + Path.of("").toAbsolutePath());
        return root.resolve(name);
    }

    @Test
    void baby() {
        Dataset d = Dataset.load(folder("baby"), DatasetOptions.defaults());
        assertThat(d.numUsers()).isEqualTo(19445);
        assertThat(d.numItems()).isEqualTo(7050);
        assertThat(d.train().size()).isEqualTo(118551);
        assertThat(d.valid().size()).isEqualTo(20559);
        assertThat(d.test().size()).isEqualTo(21682);
        assertThat(d.features().isEmpty()).isTrue();
        assertThat(d.userIds().get().size()).isEqualTo(19445);
        assertThat(d.itemIds().get().idColumn()).isEqualTo("asin");
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void tiktokWithFeaturesAndColdStartUsers() {
        Dataset d = Dataset.load(folder("tiktok"), DatasetOptions.defaults());
        assertThat(d.numUsers()).isEqualTo(9308);
        assertThat(d.numItems()).isEqualTo(6710);
        assertThat(d.train().size()).isEqualTo(59541);
        assertThat(d.features().names()).containsExactly("image", "audio");
        assertThat(d.features().dim("audio")).isEqualTo(128);
        assertThat(d.features().dim("image")).isEqualTo(128);
        Dataset unfiltered = Dataset.load(folder("tiktok"),
                DatasetOptions.defaults().withFilterColdStartUsers(false).withLoadFeatures(false));
        assertThat(unfiltered.valid().size()).isEqualTo(3051);
        assertThat(unfiltered.test().size()).isEqualTo(6130);
        int removed = 3051 + 6130 - d.valid().size() - d.test().size();
        assertThat(removed).isPositive();
        assertThat(d.warnings()).anyMatch(w -> w.contains("removed " + removed + " validation/test rows of 10 users"));
    }
}
