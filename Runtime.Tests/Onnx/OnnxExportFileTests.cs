using Microsoft.ML.OnnxRuntime;
using Strata.Samples;

namespace Strata.Runtime.Tests.Onnx;

/// <summary>ExportOnnx writes files the way every Strata writer does: atomically, creating folders, failing clearly.</summary>
public class OnnxExportFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"strata-onnx-{Guid.NewGuid():N}");

    [Fact]
    public void A_missing_directory_is_created_and_only_the_model_file_remains()
    {
        var path = Path.Combine(_folder, "nested", "lenet.onnx");

        new LeNet(Device.Cpu(), seed: 1).ExportOnnx(path);

        Assert.Equal([path], Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
        using var session = new InferenceSession(path);
        Assert.Equal([-1, 10], session.OutputMetadata["output"].Dimensions);
    }

    [Fact]
    public void Exporting_again_replaces_the_file()
    {
        var path = Path.Combine(_folder, "corr2d.onnx");
        var first = new Corr2dNet(Device.Cpu(), seed: 1);
        var second = new Corr2dNet(Device.Cpu(), seed: 2);

        first.ExportOnnx(path);
        second.ExportOnnx(path);

        Assert.Equal(second.ToOnnx(), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("lenet.onnx")]
    [InlineData("nested/deeper/lenet.onnx")]
    public void A_path_under_an_existing_file_says_that_file_is_not_a_folder_and_leaves_nothing_behind(string below)
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(file, "x");
        var path = Path.Combine(file, below);

        var error = Assert.Throws<IOException>(() => new LeNet(Device.Cpu(), seed: 1).ExportOnnx(path));

        Assert.Equal($"Cannot write '{path}': '{file}' is a file, not a folder.", error.Message);
        Assert.Equal([file], Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(_folder));
    }

    [Fact]
    public void A_path_that_is_a_folder_says_so_and_leaves_the_folder_alone()
    {
        var folder = Path.Combine(_folder, "model.onnx");
        Directory.CreateDirectory(folder);

        var error = Assert.Throws<IOException>(() => new LeNet(Device.Cpu(), seed: 1).ExportOnnx(folder));

        Assert.Equal($"Cannot write '{folder}': it is a folder, not a file.", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_or_null_path_is_rejected_before_anything_is_written(string? path)
    {
        Assert.ThrowsAny<ArgumentException>(() => new LeNet(Device.Cpu(), seed: 1).ExportOnnx(path!));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
