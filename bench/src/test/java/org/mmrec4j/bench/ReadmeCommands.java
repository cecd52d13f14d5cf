package org.mmrec4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command lines of a Markdown file's {@code ```bash} blocks, as a user would paste them: a line ending in
 * a backslash continues on the next, comment and blank lines are dropped. By default a command runs to
 * completion and must exit 0. An HTML comment on the line(s) just above a block changes that for the block's
 * commands that start with a quoted prefix; the reason is required and is shown when the test runs:
 * <pre>
 * &lt;!-- readme-test: starts "./mmrec4j serve": serves until stopped --&gt;
 * &lt;!-- readme-test: skip "mvn -q verify": the README test itself runs inside it --&gt;
 * </pre>
 * {@code starts} runs the command until it shows that its work has begun (see {@link ReadmeCommandsIT}) and
 * then stops it; {@code skip} does not run it. An annotation that matches no command of its block is an error,
 * so annotations cannot outlive the commands they excuse.
 */
record ReadmeCommands(Path file, List<Command> commands) {

    enum Mode { RUN, STARTS, SKIP }

    /** One command line; {@code line} is its first line in the file (1-based). */
    record Command(int line, String text, Mode mode, String reason) {
        String where(Path file) {
            return file.getFileName() + ":" + line;
        }
    }

    private static final Pattern ANNOTATION =
            Pattern.compile("<!--\\s*readme-test:\\s*(starts|skip)\\s+\"([^\"]+)\"\\s*:\\s*(\\S.*?)\\s*-->");

    static ReadmeCommands read(Path file) {
        try {
            return parse(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadmeCommands parse(Path file, List<String> lines) {
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```bash")) continue;
            List<Matcher> annotations = annotationsAbove(file, lines, i);
            List<Command> block = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).strip().startsWith("```"); j++) {
                String s = lines.get(j).strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                int first = j;
                StringBuilder text = new StringBuilder();
                while (s.endsWith("\\") && j + 1 < lines.size()) {
                    text.append(s, 0, s.length() - 1).append(' ');
                    s = lines.get(++j).strip();
                }
                block.add(new Command(first + 1, text.append(s).toString().replaceAll("\\s+", " "), Mode.RUN, ""));
            }
            if (j == lines.size()) throw new IllegalArgumentException(file + ":" + (i + 1) + ": unclosed ```bash block");
            for (Matcher a : annotations) {
                boolean used = false;
                for (int k = 0; k < block.size(); k++) {
                    Command c = block.get(k);
                    if (!c.text().startsWith(a.group(2))) continue;
                    block.set(k, new Command(c.line(), c.text(), Mode.valueOf(a.group(1).toUpperCase(java.util.Locale.ROOT)), a.group(3)));
                    used = true;
                }
                if (!used) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": the readme-test annotation for \"" + a.group(2)
                            + "\" matches no command of the block below it. Fix: correct the prefix or remove the annotation");
                }
            }
            out.addAll(block);
            i = j;
        }
        return new ReadmeCommands(file, List.copyOf(out));
    }

    /** The annotation lines directly above the fence at {@code fence}; a malformed one is an error, not ignored. */
    private static List<Matcher> annotationsAbove(Path file, List<String> lines, int fence) {
        List<Matcher> found = new ArrayList<>();
        for (int k = fence - 1; k >= 0 && lines.get(k).strip().startsWith("<!--") && lines.get(k).contains("readme-test"); k--) {
            Matcher m = ANNOTATION.matcher(lines.get(k).strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (k + 1) + ": malformed readme-test annotation. Fix: write "
                        + "<!-- readme-test: starts|skip \"COMMAND PREFIX\": reason -->");
            }
            found.add(0, m);
        }
        return found;
    }

    /**
     * The words of a command as bash would split them: whitespace separates, single quotes keep everything,
     * double quotes keep all but backslash escapes, and an unquoted {@code #} at a word's start begins a comment.
     * Expansions are not performed; README commands use none.
     */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                if (w != null) words.add(w.toString());
                w = null;
                continue;
            }
            if (c == '#' && w == null) break;
            if (w == null) w = new StringBuilder();
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unclosed ' in: " + command);
                w.append(command, i + 1, end);
                i = end;
            } else if (c == '"') {
                for (i++; i < command.length() && command.charAt(i) != '"'; i++) {
                    if (command.charAt(i) == '\\' && i + 1 < command.length()) i++;
                    w.append(command.charAt(i));
                }
                if (i == command.length()) throw new IllegalArgumentException("unclosed \" in: " + command);
            } else if (c == '\\' && i + 1 < command.length()) {
                w.append(command.charAt(++i));
            } else {
                w.append(c);
            }
        }
        if (w != null) words.add(w.toString());
        return words;
    }

    /** The checkout's root: the nearest folder above the working directory holding the launcher and a pom.xml. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mmrec4j")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no mmrec4j checkout above " + Path.of("").toAbsolutePath());
    }
}
