package org.mmrec4j.data.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mmrec4j.data.DataException;
import org.mmrec4j.engine.io.IoReasons;

/**
 * The one place that turns a failed file operation of the data code into a {@link DataException} that
 * says why (permission denied, is a directory, no space left, not found, truncated gzip stream), and
 * that refuses paths which are not regular files before they are opened: a FIFO or a device given as an
 * input would block the reader forever.
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Throws unless {@code file} is a regular file (symbolic links followed): not found, a folder, or a
     * FIFO/device/socket each get their own problem; {@code fix} is the usual advice for the input.
     */
    public static void requireRegularFile(Path file, String fix) {
        if (Files.isRegularFile(file)) return;
        if (Files.isDirectory(file)) throw new DataException(file, "is a directory, not a file", fix);
        if (!Files.exists(file)) throw new DataException(file, "does not exist", fix);
        throw new DataException(file, "is not a regular file (a FIFO, device or socket); it would be read forever",
                "copy the data into a regular file");
    }

    /** A {@link DataException} for {@code action} ("cannot read", "cannot write", "cannot list") on a file, with the reason. */
    public static DataException failure(Path file, String action, IOException e) {
        String reason = reason(e);
        return new DataException(file, 0, action + ": " + reason, fix(reason), e);
    }

    /** Why an IO operation failed, in a few words. */
    public static String reason(IOException e) {
        return IoReasons.reason(e);
    }

    private static String fix(String reason) {
        if (reason.startsWith("permission denied")) return "give the current user access to the file (chmod/chown), or use another path";
        if (reason.startsWith("is a directory")) return "give the path of a file, not of a folder";
        if (reason.startsWith("no space left")) return "free disk space or write somewhere else";
        if (reason.startsWith("read-only file system")) return "write somewhere else";
        if (reason.startsWith("not found")) return "check the path";
        if (reason.contains("gzip")) return "the compressed file is cut short or damaged; download or copy it again";
        if (reason.startsWith("unexpected end of file")) return "the file is cut short; copy or regenerate it";
        return "check the file and its permissions";
    }
}
