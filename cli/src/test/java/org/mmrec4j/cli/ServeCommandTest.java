package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's token file and its warning for a server reachable beyond loopback without one (nothing is bound here). */
class ServeCommandTest {
    @Test
    void aNonLoopbackHostWithoutATokenGetsAOneLineWarning() {
        assertThat(ServeCommand.exposureWarning("0.0.0.0", false)).get().asString()
                .startsWith("warning: --host 0.0.0.0 is not a loopback address").contains("--token-file").doesNotContain("\n");
        assertThat(ServeCommand.exposureWarning("0.0.0.0", true)).isEmpty();
        assertThat(ServeCommand.exposureWarning("127.0.0.1", false)).isEmpty();
        assertThat(ServeCommand.exposureWarning("::1", false)).isEmpty();
        assertThat(ServeCommand.exposureWarning("localhost", false)).isEmpty();
    }

    @Test
    void theExplorerUrlNamesAHostABrowserCanOpen() {
        assertThat(ServeCommand.browserHost("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(ServeCommand.browserHost("0.0.0.0")).isEqualTo("localhost");
        assertThat(ServeCommand.browserHost("::1")).isEqualTo("[::1]");
    }

    @Test
    void theTokenFileHoldsOneTokenAndATrailingNewlineIsFine(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("token"), "s3cret-Token_1\n");
        assertThat(ServeCommand.readToken(f)).isEqualTo("s3cret-Token_1");
        Files.writeString(f, "\n");
        assertThatThrownBy(() -> ServeCommand.readToken(f)).hasMessageContaining("is empty");
        Files.writeString(f, "two words");
        assertThatThrownBy(() -> ServeCommand.readToken(f)).hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> ServeCommand.readToken(tmp.resolve("missing"))).hasMessageContaining("cannot read --token-file");
    }

    @Test
    void badTimeoutsAndMissingTokenFilesAreOneLineErrors(@TempDir Path tmp) {
        CliTest.Result r = CliTest.run("serve", "--run", tmp.toString(), "--port", "0", "--header-timeout", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: --header-timeout must be > 0");
        r = CliTest.run("serve", "--run", tmp.toString(), "--port", "0", "--token-file", tmp.resolve("none").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: cannot read --token-file");
    }
}
