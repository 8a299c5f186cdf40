using System.Runtime.InteropServices;

namespace Strata.IO;

/// <summary>
/// Writes files so that a crash never leaves a half-written file behind: a temporary file in the same folder, written
/// and flushed to disk, renamed over the target, then (on Linux) the folder itself flushed so that the rename survives
/// a power loss. A write killed midway leaves its temporary file behind (<c>.NAME.GUID.tmp</c>); the next successful
/// write of the same file in that folder deletes such leftovers, those of that file name only and only when no
/// process has them open (see <see cref="Write"/>).
/// </summary>
public static partial class AtomicFile
{
    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically, creating missing folders. Throws
    /// <see cref="IOException"/> naming the culprit when <paramref name="path"/> is a folder or lies under a file.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        // A span cannot be captured by the callback, so this mirrors Write rather than calling it.
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (fullPath, directory) = Prepare(path);
        var temporary = TemporaryPath(fullPath, directory);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
                CommitOpen(temporary, fullPath, directory);
            }

            CommitClosed(temporary, fullPath, directory);
        }
        finally
        {
            DeleteIfPresent(temporary);
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> atomically with what <paramref name="write"/> writes to the stream it is given,
    /// creating missing folders. When <paramref name="write"/> throws, the exception propagates, the temporary file is
    /// deleted and <paramref name="path"/> keeps its old content (or stays absent). Throws <see cref="IOException"/>
    /// naming the culprit when <paramref name="path"/> is a folder or lies under a file.
    /// <para>
    /// After the rename it deletes the temporary files that earlier writes of the same file in that folder left behind
    /// when they were killed: names of the form <c>.NAME.GUID.tmp</c> (32 hex digits) for this <c>NAME</c>, that no one has
    /// open (an exclusive open of the file succeeds; a writer holds its own temporary file open with
    /// <see cref="FileShare.None"/> until it is renamed, except on Windows, where a file cannot be renamed while open, so
    /// there a temporary file written in the last minute is also left alone). Failing to delete one is not an error.
    /// </para>
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var (fullPath, directory) = Prepare(path);
        var temporary = TemporaryPath(fullPath, directory);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
                CommitOpen(temporary, fullPath, directory);
            }

            CommitClosed(temporary, fullPath, directory);
        }
        finally
        {
            DeleteIfPresent(temporary);
        }
    }

    private static (string FullPath, string Directory) Prepare(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' has no parent directory.", nameof(path));
        CheckWritable(path, fullPath, directory);
        Directory.CreateDirectory(directory);
        return (fullPath, directory);
    }

    private static string TemporaryPath(string fullPath, string directory) =>
        Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

    // The rename happens while the temporary file is still open and locked where the OS allows a rename of an open file
    // (not Windows), so that another writer's clean-up never takes it for a leftover in the moment between close and
    // rename.
    private static void CommitOpen(string temporary, string fullPath, string directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            Commit(temporary, fullPath, directory);
        }
    }

    private static void CommitClosed(string temporary, string fullPath, string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Commit(temporary, fullPath, directory);
        }

        DeleteStaleTemporaries(fullPath, directory);
    }

    private static void Commit(string temporary, string fullPath, string directory)
    {
        File.Move(temporary, fullPath, overwrite: true);
        FlushDirectory(directory);
    }

    /// <summary>Deletes the leftovers of killed writes of <paramref name="fullPath"/> (see <see cref="Write"/>).</summary>
    private static void DeleteStaleTemporaries(string fullPath, string directory)
    {
        var prefix = "." + Path.GetFileName(fullPath) + ".";
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, "*.tmp").Where(c => IsTemporaryOf(Path.GetFileName(c), prefix)).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var candidate in candidates)
        {
            try
            {
                if (OperatingSystem.IsWindows() && File.GetLastWriteTimeUtc(candidate) > DateTime.UtcNow.AddMinutes(-1))
                {
                    continue;
                }

                // Opening it alone fails while its writer has it open; DeleteOnClose then removes it.
                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // In use, gone already or not ours to delete: leave it.
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is <c>.NAME.</c> (<paramref name="prefix"/>) followed by 32 hex digits and <c>.tmp</c>.</summary>
    internal static bool IsTemporaryOf(string name, string prefix)
    {
        const int GuidDigits = 32;
        return name.Length == prefix.Length + GuidDigits + ".tmp".Length
            && name.StartsWith(prefix, StringComparison.Ordinal)
            && name.EndsWith(".tmp", StringComparison.Ordinal)
            && !name.AsSpan(prefix.Length, GuidDigits).ContainsAnyExcept("0123456789abcdef");
    }

    private static void DeleteIfPresent(string temporary)
    {
        if (File.Exists(temporary))
        {
            File.Delete(temporary);
        }
    }

    // .NET's own errors here say "The file '…' already exists" or "Could not find a part of the path", which send the
    // reader the wrong way; the nearest existing ancestor tells what is wrong.
    private static void CheckWritable(string path, string fullPath, string directory)
    {
        if (Directory.Exists(fullPath))
        {
            throw new IOException($"Cannot write '{path}': it is a folder, not a file.");
        }

        for (var ancestor = directory; !string.IsNullOrEmpty(ancestor); ancestor = Path.GetDirectoryName(ancestor))
        {
            if (Directory.Exists(ancestor))
            {
                return;
            }

            if (File.Exists(ancestor))
            {
                throw new IOException($"Cannot write '{path}': '{ancestor}' is a file, not a folder.");
            }
        }
    }

    // The rename lives in the folder's entries, which the file's fsync does not cover: without this a power loss can
    // bring back the old file (or none). Linux only; Windows has no folder handle to flush, and there NTFS's journal
    // orders the metadata. A folder that cannot be opened (no read permission) is skipped: the file itself is written.
    // A failing fsync is reported, except on file systems that do not support it on folders (EINVAL). A C library that
    // cannot be found (an unusual distribution) skips the step as well.
    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int descriptor;
        try
        {
            descriptor = Linux.Open(directory, Linux.ReadOnlyDirectory);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return;
        }

        if (descriptor < 0)
        {
            return;
        }

        try
        {
            if (Linux.Fsync(descriptor) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error != Linux.EINVAL)
                {
                    throw new IOException(
                        $"The file was renamed into '{directory}', but flushing the folder to disk failed " +
                        $"({Marshal.GetPInvokeErrorMessage(error)}); the rename may not survive a power loss.");
                }
            }
        }
        finally
        {
            _ = Linux.Close(descriptor);
        }
    }

    internal static partial class Linux
    {
        public const int EINVAL = 22;

        // O_DIRECTORY is 0200000 on most architectures but 040000 on ARM and PowerPC; O_RDONLY is 0 everywhere.
        // Where it is not known, plain O_RDONLY opens a folder just as well, only without the "must be a folder" check.
        public static readonly int ReadOnlyDirectory = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.X86 or Architecture.RiscV64 or Architecture.LoongArch64 or Architecture.S390x => 0x10000,
            Architecture.Arm64 or Architecture.Arm or Architecture.Armv6 or Architecture.Ppc64le => 0x4000,
            _ => 0,
        };

        // open(2) is variadic; passing no mode argument keeps the call within the fixed arguments on every ABI.
        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static partial int Fsync(int descriptor);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int descriptor);
    }
}
