package io.scaligator.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim of one runner on its data directory, taken before anything in it is touched. A second runner on the
 * same directory must not start its broker there: its KRaft controller writes to the metadata log before Kafka's
 * own log-directory lock stops it, and the running broker then fails on the damaged log. The operating system
 * releases the lock when the process ends, also after a SIGKILL.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE = "scaligator-local.lock";

    private static final Logger LOG = LoggerFactory.getLogger(DataDirLock.class);

    private final Path file;
    private final FileChannel channel;

    private DataDirLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Locks {@code dataDir}, or fails naming the directory when another runner holds it. */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE).toAbsolutePath();
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory's lock file " + file, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this same JVM
        } catch (IOException e) {
            new DataDirLock(file, channel).close();
            throw new UncheckedIOException("cannot lock the data directory's lock file " + file, e);
        }
        if (lock == null) {
            new DataDirLock(file, channel).close();
            throw new IllegalStateException("the data directory " + dataDir.toAbsolutePath()
                    + " is in use by another scaligator-local (it holds " + file
                    + "); stop that one, or give this one its own --data-dir");
        }
        return new DataDirLock(file, channel);
    }

    /** Releases the lock (closing the channel releases it). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("cannot close the data directory's lock file {} (released when the process ends): {}", file, e);
        }
    }
}
