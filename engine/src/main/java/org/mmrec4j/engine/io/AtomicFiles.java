package org.mmrec4j.engine.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file by filling a temporary sibling and renaming it over the target, so readers see either
 * the old file or the complete new one. The temp file lives in the same directory so the rename stays
 * on one file system and can be atomic, and its bytes are forced to disk before the rename. A process
 * killed mid-write leaves at most a hidden {@code .<name>.<pid>.*.tmp} sibling, never a partial target,
 * and the next write of the same target removes it once that pid no longer runs.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            removeStale(dir, "." + abs.getFileName() + ".", ".tmp");
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".", ".tmp");
            readableByAll(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                body.write(out);
                out.flush();
                // On disk before the rename: otherwise a power loss could leave the new name on empty blocks.
                channel.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + abs + ": " + IoReasons.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
    }

    /**
     * Deletes the leftovers of killed writers in {@code dir}: entries named {@code prefix<pid>.<random><suffix>}
     * (files, or staging folders with their contents) whose process no longer runs. A live writer's, this
     * process's included, are left alone.
     */
    public static void removeStale(Path dir, String prefix, String suffix) {
        try (var entries = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(suffix);
        })) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || !rest.substring(0, dot).chars().allMatch(Character::isDigit)) continue;
                long pid = Long.parseLong(rest.substring(0, dot));
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                deleteTree(p);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover we cannot remove must not fail the write itself
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var walk = Files.walk(p)) {
                for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
            }
        } else {
            Files.deleteIfExists(p);
        }
    }

    /** Temp files start as owner-only; outputs are meant to be shared like any file the user writes. */
    private static void readableByAll(Path tmp) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
