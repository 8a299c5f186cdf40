namespace Strata.Data;

/// <summary>
/// Loads MNIST (or any IDX3 images + IDX1 labels pair) from gzip-compressed or raw files. Pixels are scaled to [0, 1]
/// as PyTorch's ToTensor does, without subtracting the mean: a first conv layer's bias absorbs the offset, and the
/// synthetic digits use the same range, so a model trains on either without change.
/// </summary>
public static class Mnist
{
    /// <summary>The number of classes (the digits 0–9).</summary>
    public const int ClassCount = 10;

    /// <summary>
    /// Loads <c>{prefix}-images-idx3-ubyte[.gz]</c> and <c>{prefix}-labels-idx1-ubyte[.gz]</c> from
    /// <paramref name="directory"/> as a dataset of [1, rows, columns] samples. The prefix is <c>t10k</c> for the test
    /// set and <c>train</c> for the training set.
    /// </summary>
    public static Dataset Load(string directory, string prefix = "t10k")
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"The MNIST directory '{directory}' does not exist.", nameof(directory));
        }

        var images = LoadImages(FindFile(directory, $"{prefix}-images-idx3-ubyte"));
        var labels = LoadLabels(FindFile(directory, $"{prefix}-labels-idx1-ubyte"));
        if (images.Count != labels.Length)
        {
            throw new ArgumentException(
                $"The MNIST files in '{directory}' disagree: {images.Count} images but {labels.Length} labels.", nameof(directory));
        }

        return new Dataset(images.Pixels, labels, [1, images.Rows, images.Columns], ClassCount);
    }

    /// <summary>Reads an IDX3 image file (magic 0x00000803), scaling the bytes 0..255 to [0, 1].</summary>
    public static MnistImages LoadImages(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (dimensions, payload) = IdxFile.Read(path, rank: 3, "images");
        var pixels = new float[payload.Length];
        for (var i = 0; i < payload.Length; i++)
        {
            pixels[i] = payload[i] / 255f;
        }

        return new MnistImages(pixels, dimensions[0], dimensions[1], dimensions[2]);
    }

    /// <summary>Reads an IDX1 label file (magic 0x00000801) of digits 0–9.</summary>
    public static int[] LoadLabels(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (_, payload) = IdxFile.Read(path, rank: 1, "labels");
        var labels = new int[payload.Length];
        for (var i = 0; i < payload.Length; i++)
        {
            if (payload[i] >= ClassCount)
            {
                throw new ArgumentException(
                    $"'{path}': label {i} is {payload[i]}; expected a digit in [0, {ClassCount}).", nameof(path));
            }

            labels[i] = payload[i];
        }

        return labels;
    }

    private static string FindFile(string directory, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new ArgumentException(
            $"The MNIST directory '{directory}' has neither '{name}.gz' nor '{name}'.", nameof(directory));
    }
}
