package org.mmrec4j.data;

import java.nio.file.Path;

/**
 * A malformed or inconsistent input file. It carries the file, the 1-based line (0 when the problem is
 * not tied to a line) and a suggested fix, so the message alone tells a user what to change.
 */
public final class DataException extends RuntimeException {
    private final Path file;
    private final long line;
    private final String problem;
    private final String fix;

    public DataException(Path file, long line, String problem, String fix) {
        this(file, line, problem, fix, null);
    }

    public DataException(Path file, long line, String problem, String fix, Throwable cause) {
        super(format(file, line, problem, fix), cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
        this.fix = fix;
    }

    public DataException(Path file, String problem, String fix) {
        this(file, 0, problem, fix, null);
    }

    private static String format(Path file, long line, String problem, String fix) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<no file>" : file.toString());
        if (line > 0) sb.append(" line ").append(line);
        sb.append(": ").append(problem);
        if (fix != null && !fix.isEmpty()) sb.append(". Fix: ").append(fix);
        return sb.toString();
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }

    /** The problem without file, line or fix. */
    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
