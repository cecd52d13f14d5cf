package org.mmrec4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM must name every artifact the reactor ships, or a consumer meets a dependency without a version. */
class BomTest {
    @Test
    void theBomListsEveryJarModuleAtTheProjectVersion() throws IOException {
        Path root = Path.of("..");
        String parent = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("bom/pom.xml"));
        List<String> shipped = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (m.find()) {
            String module = m.group(1);
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            if (pom.contains("<packaging>pom</packaging>") || pom.contains("<maven.install.skip>true")) continue;
            shipped.add("mmrec4j-" + module);
        }
        assertThat(shipped).contains("mmrec4j-engine", "mmrec4j-api", "mmrec4j-cli").doesNotContain("mmrec4j-bom", "mmrec4j-examples");
        for (String artifact : shipped) {
            assertThat(bom).as(artifact).contains("<artifactId>" + artifact + "</artifactId><version>${project.version}</version>");
        }
        assertThat(bom).contains("<version>" + version(parent) + "</version>");
    }

    private static String version(String parentPom) {
        Matcher m = Pattern.compile("<artifactId>mmrec4j-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(parentPom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
