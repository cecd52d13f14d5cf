package org.mmrec4j.engine.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * Why a file operation failed, in a few words for a one-line message: the JDK's exceptions name only the
 * path (an {@link AccessDeniedException}'s message is the path itself), so "cannot write X" alone says
 * nothing about permission denied, a folder in the way or a full disk.
 */
public final class IoReasons {
    private IoReasons() {}

    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "not found";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof FileAlreadyExistsException f) return f.getFile() == null ? "already exists" : f.getFile() + " already exists and is in the way";
        String msg = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        String lower = msg == null ? "" : msg.toLowerCase(Locale.ROOT);
        if (e instanceof ZipException || lower.contains("zlib") || lower.contains("gzip")) {
            // GZIPInputStream ends a cut-short file with EOFException("Unexpected end of ZLIB input stream")
            if (e instanceof EOFException || lower.contains("unexpected end")) return "truncated gzip stream";
            return "corrupt gzip stream (" + msg + ")";
        }
        if (e instanceof EOFException) return "unexpected end of file";
        if (lower.contains("is a directory")) return "is a directory";
        if (lower.contains("not a directory")) return "not a directory";
        if (lower.contains("no space left")) return "no space left on device";
        if (lower.contains("disk quota")) return "disk quota exceeded";
        if (lower.contains("permission denied") || lower.contains("access is denied")) return "permission denied";
        if (lower.contains("read-only file system")) return "read-only file system";
        if (lower.contains("no such file")) return "not found";
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }
}
