namespace Strata.IO;

/// <summary>Writes files so that a crash never leaves a half-written file behind: temp file, flush, then rename.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically, creating missing folders. Throws
    /// <see cref="IOException"/> naming the culprit when <paramref name="path"/> is a folder or lies under a file.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' has no parent directory.", nameof(path));
        CheckWritable(path, fullPath, directory);
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
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
}
