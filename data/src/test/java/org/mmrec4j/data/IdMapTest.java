package org.mmrec4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdMapTest {
    @TempDir Path tmp;

    @Test
    void firstAppearanceOrderAndLookups() {
        IdMap.Builder b = IdMap.builder();
        for (String id : new String[] {"z", "a", "z", "m"}) b.add(id);
        IdMap m = b.build("user_id", "userID");
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.index("a")).isEqualTo(1);
        assertThat(m.id(2)).isEqualTo("m");
        assertThat(m.tryIndex("nope")).isEqualTo(-1);
        assertThatThrownBy(() -> m.index("nope")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("unknown user_id 'nope'");
    }

    @Test
    void saveAndLoadRoundTrip() throws IOException {
        IdMap m = IdMap.of(java.util.List.of("A1", "B2", "C3")).withColumns("asin", "itemID");
        Path f = tmp.resolve("i_id_mapping.csv");
        m.save(f);
        assertThat(Files.readString(f)).isEqualTo("asin\titemID\nA1\t0\nB2\t1\nC3\t2\n");
        IdMap back = IdMap.load(f, "asin\titemID");
        assertThat(back).isEqualTo(m);
        assertThat(back.idColumn()).isEqualTo("asin");
        assertThatThrownBy(() -> IdMap.load(f, "user_id\tuserID")).isInstanceOf(DataException.class)
                .hasMessageContaining("expected 'user_id\\tuserID'");
        try (var s = Files.list(tmp)) {
            assertThat(s.count()).isEqualTo(1); // no temp file left behind
        }
    }

    @Test
    void rejectsGapsInIndexes() throws IOException {
        Path f = tmp.resolve("u.csv");
        Files.writeString(f, "user_id\tuserID\nx\t0\ny\t2\n");
        assertThatThrownBy(() -> IdMap.load(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("line 3: index 2 is duplicate or outside [0, 2)");
    }
}
