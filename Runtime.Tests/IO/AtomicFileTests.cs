using Strata.IO;

namespace Strata.Runtime.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void Replacing_a_file_leaves_only_the_new_content_and_no_temporary_files()
    {
        var directory = Directory.CreateTempSubdirectory("strata-atomic-").FullName;
        try
        {
            var path = Path.Combine(directory, "weights.bin");
            File.WriteAllBytes(path, [1, 2, 3]);

            AtomicFile.WriteAllBytes(path, [4, 5]);

            Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_successful_write_deletes_the_leftovers_of_killed_writes_of_that_file_and_nothing_else()
    {
        var directory = Directory.CreateTempSubdirectory("strata-atomic-").FullName;
        try
        {
            var path = Path.Combine(directory, "model.safetensors");
            string Temporary(string name) => Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
            var stale = new[] { Temporary("model.safetensors"), Temporary("model.safetensors") };
            var inUse = Temporary("model.safetensors");
            var kept = new[]
            {
                Temporary("other.safetensors"),                                   // another file's
                Temporary("model.safetensors.bak"),                               // a longer name that starts the same
                Path.Combine(directory, ".model.safetensors.not-a-guid.tmp"),    // not the pattern
                Path.Combine(directory, "model.safetensors.tmp"),
                Path.Combine(directory, "notes.tmp"),
            };
            foreach (var file in stale.Concat(kept).Append(inUse))
            {
                File.WriteAllBytes(file, [7]);
                File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
            }

            // A write that fails cleans nothing: only a successful one does.
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("fail")));
            Assert.All(stale, file => Assert.True(File.Exists(file)));

            // A writer still writing holds its temporary file open: it is not a leftover.
            using (new FileStream(inUse, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                AtomicFile.WriteAllBytes(path, [1, 2]);
            }

            Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(path));
            Assert.All(stale, file => Assert.False(File.Exists(file), $"{file} was left behind."));
            Assert.True(File.Exists(inUse), "A temporary file in use was deleted.");
            Assert.All(kept, file => Assert.True(File.Exists(file), $"{file} was deleted."));

            // Write (the stream form) cleans as well.
            var another = Temporary("model.safetensors");
            File.WriteAllBytes(another, [7]);
            File.SetLastWriteTimeUtc(another, DateTime.UtcNow.AddHours(-1));
            AtomicFile.Write(path, stream => stream.Write([3]));
            Assert.False(File.Exists(another));
            Assert.False(File.Exists(inUse), "The temporary file no one holds any more is a leftover now.");
            Assert.Equal(new byte[] { 3 }, File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_missing_parent_directory_is_created()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"strata-atomic-{Guid.NewGuid():N}", "nested");
        try
        {
            AtomicFile.WriteAllBytes(Path.Combine(directory, "a.bin"), [9]);
            Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(Path.Combine(directory, "a.bin")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public void A_writer_that_throws_midway_leaves_the_old_file_and_no_temporary_file()
    {
        var directory = Directory.CreateTempSubdirectory("strata-atomic-").FullName;
        try
        {
            var path = Path.Combine(directory, "weights.bin");
            File.WriteAllBytes(path, [1, 2, 3]);

            var thrown = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
            {
                stream.Write(new byte[100_000]);
                throw new InvalidOperationException("disk on fire");
            }));

            Assert.Equal("disk on fire", thrown.Message);
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_streamed_write_replaces_the_file()
    {
        var directory = Directory.CreateTempSubdirectory("strata-atomic-").FullName;
        try
        {
            var path = Path.Combine(directory, "a.bin");
            File.WriteAllBytes(path, [1, 2, 3]);

            AtomicFile.Write(path, stream =>
            {
                stream.Write([7]);
                stream.Write([8, 9]);
            });

            Assert.Equal(new byte[] { 7, 8, 9 }, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void On_linux_the_folder_opens_as_a_directory_and_fsyncs_and_a_file_does_not_open_as_one()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var directory = Directory.CreateTempSubdirectory("strata-atomic-").FullName;
        try
        {
            var descriptor = AtomicFile.Linux.Open(directory, AtomicFile.Linux.ReadOnlyDirectory);
            Assert.True(descriptor >= 0, $"open failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
            Assert.Equal(0, AtomicFile.Linux.Fsync(descriptor));
            Assert.Equal(0, AtomicFile.Linux.Close(descriptor));

            // O_DIRECTORY has another value on some architectures; a wrong one would let a plain file open.
            var file = Path.Combine(directory, "plain");
            File.WriteAllBytes(file, [1]);
            Assert.Equal(-1, AtomicFile.Linux.Open(file, AtomicFile.Linux.ReadOnlyDirectory));
            const int ENOTDIR = 20;
            Assert.Equal(ENOTDIR, System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
