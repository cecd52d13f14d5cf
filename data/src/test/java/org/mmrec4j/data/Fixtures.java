package org.mmrec4j.data;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Resolves fixture folders under src/test/resources. */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }
}
