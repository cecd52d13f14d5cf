package org.mmrec4j.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.bench.ReadmeCommands.Command;
import org.mmrec4j.bench.ReadmeCommands.Mode;

/**
 * Runs every command of README.md's {@code ```bash} blocks exactly as written, in README order, with bash, in a
 * scratch folder laid out like a user's checkout: {@code ./mmrec4j} is the real launcher (told by
 * {@code MMREC4J_CLASSPATH} to run this build, see {@link #classpathJar}, instead of rebuilding) and
 * {@code ../shared} is the checkout's shared folder. Earlier commands make the inputs of later ones ({@code ./mmrec4j demo} writes demo-data/,
 * {@code train --out runs/x} the run that {@code recommend} reads), as they would for a reader going down the
 * page. A command must exit 0 within {@link #RUN_LIMIT_S}; a {@code starts} command must print a line showing
 * that its work began (an "epoch N" line from training, "listening on http://" from the server) and is then stopped; see
 * {@link ReadmeCommands} for the annotations. Commands that read ../shared skip without it. Each command's
 * output goes to a log in the scratch folder; a failure names the README line, the exit code and stderr's tail.
 */
class ReadmeCommandsIT {

    /** A full command taking longer than this is treated as hung; mark long ones {@code starts} instead. */
    static final long RUN_LIMIT_S = 600;
    /** Time a {@code starts} command gets to show its first progress line. */
    static final long START_LIMIT_S = 180;
    /** Lines that show a command's work has begun: a training epoch's log line, or the server's address. */
    static final Pattern STARTED = Pattern.compile("(?m)^epoch \\d+|listening on http://");

    @TempDir static Path scratch;

    /** The links to the launcher and ../shared go first, so JUnit's clean-up of the scratch folder has none to warn about. */
    @AfterAll
    static void removeLinks() throws IOException {
        Files.deleteIfExists(scratch.resolve("checkout").resolve("mmrec4j"));
        Files.deleteIfExists(scratch.resolve("shared"));
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandWorksAsWritten() throws IOException {
        Path root = ReadmeCommands.repositoryRoot();
        ReadmeCommands readme = ReadmeCommands.read(root.resolve("README.md"));
        Path user = Files.createDirectories(scratch.resolve("checkout"));
        Files.createSymbolicLink(user.resolve("mmrec4j"), root.resolve("mmrec4j"));
        Path shared = root.resolve("../shared").normalize();
        boolean hasShared = Files.isDirectory(shared.resolve("datasets"));
        if (hasShared) Files.createSymbolicLink(scratch.resolve("shared"), shared);
        Path logs = Files.createDirectories(scratch.resolve("logs"));
        Path classpath = classpathJar(scratch.resolve("classpath.jar"));
        return readme.commands().stream().map(c -> DynamicTest.dynamicTest(c.where(readme.file()) + " " + c.text(), () -> {
            String what = c.where(readme.file()) + " `" + c.text() + "`";
            assumeTrue(c.mode() != Mode.SKIP, what + " skipped by its README annotation: " + c.reason());
            assumeTrue(hasShared || !c.text().contains("../shared/"), what + " skipped: needs " + shared + ", which is absent");
            run(c, readme.file(), user, logs, classpath);
        }));
    }

    private static void run(Command c, Path file, Path dir, Path logs, Path classpath) throws Exception {
        String name = "line-" + c.line();
        File out = logs.resolve(name + ".out").toFile();
        File err = logs.resolve(name + ".err").toFile();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", c.text()).directory(dir.toFile())
                .redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("MMREC4J_CLASSPATH", classpath.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        String what = c.where(file) + " `" + c.text() + "`";
        try {
            if (c.mode() == Mode.STARTS) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_LIMIT_S);
                while (p.isAlive() && !started(out, err) && System.nanoTime() < deadline) Thread.sleep(200);
                if (p.isAlive()) {
                    if (!started(out, err)) {
                        throw new AssertionError(what + " printed no line matching /" + STARTED + "/ within " + START_LIMIT_S
                                + " s" + tail(out, err));
                    }
                    report(what, "started", t0);
                    return;
                }
                // it finished before showing progress or being stopped: then it must have succeeded
            } else if (!p.waitFor(RUN_LIMIT_S, TimeUnit.SECONDS)) {
                throw new AssertionError(what + " still running after " + RUN_LIMIT_S + " s (a long command needs a "
                        + "readme-test: starts annotation)" + tail(out, err));
            }
            int code = p.waitFor();
            if (code != 0) throw new AssertionError(what + " exited with status " + code + tail(out, err));
            report(what, "exit 0", t0);
        } finally {
            stop(p);
        }
    }

    /**
     * This build's classpath as one jar whose manifest lists it. Passed as a plain -cp string (about 4 KB here), it
     * made {@code features text} and {@code bench text-features} die with SIGSEGV (exit 139, no hs_err file): a
     * -cp of 3.95 KB does that even when the extra length is entries that do not exist (3.5 KB runs), while the
     * same classes behind this short -cp run fine.
     */
    private static Path classpathJar(Path jar) throws IOException {
        StringBuilder entries = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) entries.append(Path.of(e).toAbsolutePath().toUri()).append(' ');  // folders get their trailing '/'
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, entries.toString().strip());
        new JarOutputStream(Files.newOutputStream(jar), m).close();
        return jar;
    }

    private static boolean started(File out, File err) throws IOException {
        String text = read(out) + read(err);
        return STARTED.matcher(text).find();
    }

    /** SIGTERM to the command and every process it started (the server stops gracefully), then SIGKILL. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            if (!h.onExit().completeOnTimeout(h, 30, TimeUnit.SECONDS).join().isAlive()) continue;
            h.destroyForcibly();
        }
        p.waitFor();
    }

    private static void report(String what, String outcome, long t0) {
        System.out.printf(Locale.ROOT, "README command %s: %s after %.1f s%n", what, outcome, (System.nanoTime() - t0) / 1e9);
    }

    private static String tail(File out, File err) throws IOException {
        List<String> e = read(err).lines().toList();
        List<String> o = read(out).lines().toList();
        return "\nlast stderr lines:\n  " + String.join("\n  ", e.subList(Math.max(0, e.size() - 15), e.size()))
                + "\nlast stdout lines:\n  " + String.join("\n  ", o.subList(Math.max(0, o.size() - 5), o.size()));
    }

    private static String read(File f) throws IOException {
        return f.exists() ? new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8) : "";
    }
}
