package org.mmrec4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.bench.ReadmeCommands.Command;
import org.mmrec4j.bench.ReadmeCommands.Mode;
import org.mmrec4j.cli.Main;
import picocli.CommandLine;

/**
 * Fast checks of the README's commands without running them (ReadmeCommandsIT runs them): the annotations
 * still match their commands, and every {@code ./mmrec4j} line parses against the command line it names.
 */
class ReadmeCommandsTest {

    private static final Path MD = Path.of("GUIDE.md");

    @Test
    void commandsAreJoinedAcrossBackslashesAndCommentsAreDropped() {
        ReadmeCommands r = ReadmeCommands.parse(MD, List.of(
                "Intro with `./mmrec4j inline` text.",
                "```bash",
                "# a comment line",
                "./mmrec4j demo     # trailing comment stays for bash",
                "",
                "./mmrec4j train --model BPR \\",
                "    --data demo-data",
                "```",
                "```",
                "./mmrec4j not-bash",
                "```"));
        assertThat(r.commands()).containsExactly(
                new Command(4, "./mmrec4j demo # trailing comment stays for bash", Mode.RUN, ""),
                new Command(6, "./mmrec4j train --model BPR --data demo-data", Mode.RUN, ""));
    }

    @Test
    void annotationsAboveABlockApplyToTheCommandsTheyPrefix() {
        ReadmeCommands r = ReadmeCommands.parse(MD, List.of(
                "<!-- readme-test: starts \"./mmrec4j serve\": serves until stopped -->",
                "<!-- readme-test: skip \"mvn\": runs the tests themselves -->",
                "```bash",
                "./mmrec4j serve --run runs/x",
                "mvn -q verify",
                "./mmrec4j models",
                "```"));
        assertThat(r.commands()).extracting(Command::mode).containsExactly(Mode.STARTS, Mode.SKIP, Mode.RUN);
        assertThat(r.commands().get(1).reason()).isEqualTo("runs the tests themselves");
    }

    @Test
    void anAnnotationThatMatchesNothingOrIsMalformedIsAnError() {
        assertThatThrownBy(() -> ReadmeCommands.parse(MD, List.of(
                "<!-- readme-test: skip \"./mmrec4j gone\": was removed -->", "```bash", "./mmrec4j models", "```")))
                .hasMessageContaining("GUIDE.md:2").hasMessageContaining("\"./mmrec4j gone\" matches no command");
        assertThatThrownBy(() -> ReadmeCommands.parse(MD, List.of(
                "<!-- readme-test: skip ./mmrec4j models -->", "```bash", "./mmrec4j models", "```")))
                .hasMessageContaining("GUIDE.md:1: malformed readme-test annotation");
        assertThatThrownBy(() -> ReadmeCommands.parse(MD, List.of("```bash", "./mmrec4j models")))
                .hasMessageContaining("GUIDE.md:1: unclosed");
    }

    @Test
    void wordsSplitAsBashSplitsThem() {
        assertThat(ReadmeCommands.words("./mmrec4j sweep-noise --variants 'A;B=BM3:denoise=tce' --x \"a b\" c\\ d # note"))
                .containsExactly("./mmrec4j", "sweep-noise", "--variants", "A;B=BM3:denoise=tce", "--x", "a b", "c d");
        assertThat(ReadmeCommands.words("./mmrec4j train --set 'key=[a,b]'")).containsExactly("./mmrec4j", "train", "--set", "key=[a,b]");
    }

    /** Catches a renamed command or option at unit-test speed; whether the command works is ReadmeCommandsIT's job. */
    @Test
    void everyReadmeCommandParsesAgainstTheCommandLine() {
        ReadmeCommands readme = ReadmeCommands.read(ReadmeCommands.repositoryRoot().resolve("README.md"));
        assertThat(readme.commands()).as("commands in README.md").hasSizeGreaterThan(10);
        int parsed = 0;
        for (Command c : readme.commands()) {
            List<String> words = ReadmeCommands.words(c.text());
            if (!words.get(0).equals("./mmrec4j")) continue;
            boolean bench = words.size() > 1 && words.get(1).equals("bench");
            CommandLine cli = bench ? Main.commandLine(new BenchMain()) : Main.commandLine(new Main());
            String[] args = words.subList(bench ? 2 : 1, words.size()).toArray(String[]::new);
            try {
                cli.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(c.where(readme.file()) + ": `" + c.text() + "` does not parse: " + e.getMessage(), e);
            }
            parsed++;
        }
        assertThat(parsed).isGreaterThan(10);
    }
}
