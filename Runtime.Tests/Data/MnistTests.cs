using System.Buffers.Binary;
using System.IO.Compression;
using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public sealed class MnistTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("strata-mnist-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>Writes an IDX file: big-endian magic and sizes, then the payload.</summary>
    private static byte[] Idx(int magic, int[] dimensions, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        }

        payload.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_temp, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Loads_the_real_t10k_set()
    {
        var data = Mnist.Load(RepoData.Path("mnist"));

        Assert.Equal(10_000, data.Count);
        Assert.Equal([1, 28, 28], data.SampleShape);
        Assert.Equal(10, data.ClassCount);
        Assert.Equal(7, data.Label(0));
        Assert.Equal(6, data.Label(9_999));
        Assert.All(data.Features.ToArray(), x => Assert.InRange(x, 0f, 1f));

        // Every label occurs roughly a tenth of the time (the t10k set has 892 to 1,135 of each digit).
        Assert.All(Enumerable.Range(0, 10), digit => Assert.InRange(data.Labels.ToArray().Count(l => l == digit), 850, 1_150));
    }

    [Fact]
    public void Reads_raw_and_gzip_files_alike_and_scales_bytes_to_unit_range()
    {
        var images = Idx(0x803, [2, 2, 3], [0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 0]);
        var labels = Idx(0x801, [2], [3, 9]);
        Write("t10k-images-idx3-ubyte", images);
        Write("t10k-labels-idx1-ubyte.gz", Gzip(labels));

        var data = Mnist.Load(_temp);
        Assert.Equal([1, 2, 3], data.SampleShape);
        Assert.Equal([0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f], data.Sample(0).ToArray());
        Assert.Equal([3, 9], data.Labels.ToArray());
        Assert.Equal(Mnist.LoadImages(Write("raw", images)).Pixels, Mnist.LoadImages(Write("zipped", Gzip(images))).Pixels);
    }

    [Fact]
    public void A_missing_directory_or_file_is_an_argument_error_naming_it()
    {
        var missing = Path.Combine(_temp, "nowhere");
        Assert.Contains(missing, Assert.Throws<ArgumentException>(() => Mnist.Load(missing)).Message);
        Assert.Contains("t10k-images-idx3-ubyte.gz", Assert.Throws<ArgumentException>(() => Mnist.Load(_temp)).Message);
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => Mnist.LoadLabels(missing)).Message);
    }

    [Fact]
    public void An_empty_file_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Mnist.LoadImages(Write("empty", [])));
        Assert.Contains("is empty", error.Message);
    }

    [Fact]
    public void A_truncated_file_reports_declared_and_found_sizes()
    {
        var images = Idx(0x803, [2, 2, 2], new byte[8]);
        var error = Assert.Throws<ArgumentException>(() => Mnist.LoadImages(Write("truncated", images[..^3])));
        Assert.Contains("[2, 2, 2] (8 bytes", error.Message);
        Assert.Contains("holds 5 bytes", error.Message);

        var header = Assert.Throws<ArgumentException>(() => Mnist.LoadImages(Write("header", images[..10])));
        Assert.Contains("header of 16 bytes, found 10", header.Message);
    }

    [Fact]
    public void A_wrong_magic_number_names_expected_and_found()
    {
        // A label file where images are expected.
        var error = Assert.Throws<ArgumentException>(() => Mnist.LoadImages(Write("labels", Idx(0x801, [0, 0, 0], []))));
        Assert.Contains("0x00000803", error.Message);
        Assert.Contains("0x00000801", error.Message);
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        Write("t10k-images-idx3-ubyte", Idx(0x803, [2, 1, 1], [0, 0]));
        Write("t10k-labels-idx1-ubyte", Idx(0x801, [3], [0, 1, 2]));
        var error = Assert.Throws<ArgumentException>(() => Mnist.Load(_temp));
        Assert.Contains("2 images but 3 labels", error.Message);
    }

    [Fact]
    public void Labels_above_nine_and_corrupt_gzip_are_rejected()
    {
        Assert.Contains("label 1 is 10", Assert.Throws<ArgumentException>(
            () => Mnist.LoadLabels(Write("labels", Idx(0x801, [2], [0, 10])))).Message);
        Assert.Contains("gzip", Assert.Throws<ArgumentException>(
            () => Mnist.LoadLabels(Write("corrupt.gz", [0x1F, 0x8B, 8, 0, 1, 2, 3]))).Message);
    }
}
