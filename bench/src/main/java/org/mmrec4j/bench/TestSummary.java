package org.mmrec4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The one-line test count of a build: {@code tests: N passed, F failed, S skipped (M modules)}, summed over
 * the Surefire reports ({@code <module>/target/surefire-reports/TEST-*.xml}) that this build wrote. The last
 * module of the reactor runs it at the verify phase (bench/pom.xml); it prints to stdout itself because
 * {@code mvn -q} silences Maven's logger and with it Surefire's own summary. Reports older than the build's
 * start are left out, so a module whose tests did not run this time (or a deleted test) is not counted.
 */
public final class TestSummary {
    /** The counts of one or more test suites. */
    record Counts(int tests, int failed, int skipped, int modules) {
        Counts plus(Counts o) {
            return new Counts(tests + o.tests, failed + o.failed, skipped + o.skipped, modules + o.modules);
        }

        String line() {
            return "tests: " + (tests - failed - skipped) + " passed, " + failed + " failed, " + skipped + " skipped ("
                    + modules + (modules == 1 ? " module)" : " modules)");
        }
    }

    private TestSummary() {}

    /** Arguments: the reactor's root folder and the build's start ({@code maven.build.timestamp}, ISO-8601 UTC). */
    public static void main(String[] args) {
        if (args.length != 2) throw new IllegalArgumentException("usage: TestSummary <root folder> <build start, e.g. 2026-01-01T00:00:00Z>");
        Counts c = sum(Path.of(args[0]), Instant.parse(args[1]));
        if (c.modules() > 0) print(c, System.out);
    }

    static void print(Counts c, PrintStream out) {
        out.println(c.line());
        out.flush();
    }

    /** The reports of every module folder under {@code root} written at or after {@code since}. */
    static Counts sum(Path root, Instant since) {
        Counts total = new Counts(0, 0, 0, 0);
        // the timestamp has whole seconds; a report written in the build's first second still counts
        FileTime from = FileTime.from(since.minusSeconds(1));
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path reports = module.resolve("target/surefire-reports");
                if (!Files.isDirectory(reports)) continue;
                List<Path> fresh = new ArrayList<>();
                try (Stream<Path> files = Files.list(reports)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (name.startsWith("TEST-") && name.endsWith(".xml") && Files.getLastModifiedTime(f).compareTo(from) >= 0) fresh.add(f);
                    }
                }
                if (fresh.isEmpty()) continue;
                Counts m = new Counts(0, 0, 0, 1);
                for (Path f : fresh) m = m.plus(suite(f));
                total = total.plus(m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test reports under " + root, e);
        }
        return total;
    }

    /** The counts on one report's root {@code <testsuite>} element (errors count as failures). */
    static Counts suite(Path report) {
        try (InputStream in = Files.newInputStream(report)) {
            XMLStreamReader xml = XMLInputFactory.newFactory().createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamReader.START_ELEMENT) {
                    if (!xml.getLocalName().equals("testsuite")) break;
                    return new Counts(attribute(xml, "tests"), attribute(xml, "failures") + attribute(xml, "errors"),
                            attribute(xml, "skipped"), 0);
                }
            }
            throw new IllegalArgumentException(report + ": no <testsuite> element; delete the file or rerun the tests");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + report, e);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException(report + ": not a Surefire report (" + e.getMessage() + "); delete the file or rerun the tests");
        }
    }

    private static int attribute(XMLStreamReader xml, String name) {
        String v = xml.getAttributeValue(null, name);
        return v == null || v.isEmpty() ? 0 : Integer.parseInt(v);
    }
}
