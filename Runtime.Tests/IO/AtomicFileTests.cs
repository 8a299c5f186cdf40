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
}
