using System.Globalization;
using System.Runtime.CompilerServices;
using Strata.Zoo;

namespace Strata.Runtime.Tests.Zoo;

/// <summary>
/// The zoo's declarations (Samples/Zoo) at ImageNet settings: each parameter count, known at build time through the
/// generated <c>ParameterCount</c> constant, equals torchvision's (or, where torchvision has no twin, the count the
/// zoo's README derives); each summary table is snapshot-tested through <c>SummaryText</c>, so no test allocates
/// VGG-16's 138 M weights; and ResNet-18's parameter and buffer names map to torchvision's state_dict keys.
/// </summary>
public class ZooModelTests
{
    /// <summary>torchvision's <c>sum(p.numel() for p in model.parameters())</c>, and the derived counts of the others.</summary>
    [Theory]
    [InlineData("AlexNet", 61_100_840L)]
    [InlineData("VGG11", 132_863_336L)]
    [InlineData("VGG16", 138_357_544L)]
    [InlineData("ResNet18", 11_689_512L)]
    [InlineData("ResNet34", 21_797_672L)]
    [InlineData("ResNet50", 25_557_032L)]
    [InlineData("DenseNet121", 7_978_856L)]
    [InlineData("MobileNetV2", 3_504_872L)]
    [InlineData("AlexNetD2l", 50_844_008L)]
    [InlineData("NiN", 7_439_608L)]
    [InlineData("GoogLeNet", 6_998_552L)]
    [InlineData("MobileNetV1", 4_231_976L)]
    [InlineData("FcnResNet18", 12_993_642L)]
    public void The_parameter_count_is_the_reference_count(string name, long expected)
    {
        var model = ZooCatalog.Models.Single(m => m.Name == name);

        Assert.Equal(expected, model.Parameters);
        Assert.EndsWith($"Total params: {expected.ToString("N0", CultureInfo.InvariantCulture)}\n", model.Summary.Split("Forward FLOPs")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_catalog_model_is_counted_here()
    {
        var tested = typeof(ZooModelTests).GetMethod(nameof(The_parameter_count_is_the_reference_count))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(data => (string)data.GetData(null!).Single()[0]);
        Assert.Equal(ZooCatalog.Models.Select(m => m.Name).Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> Names() => new(ZooCatalog.Models.Select(m => m.Name));

    /// <summary>
    /// The summary table, approved text by text. A change shows up as Snapshots/NAME.received.txt beside the approved
    /// file; approve it by copying it over NAME.approved.txt.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void The_summary_is_the_approved_one(string name)
    {
        var summary = ZooCatalog.Models.Single(m => m.Name == name).Summary;
        var directory = Path.Combine(SourceDirectory(), "Snapshots");
        var approved = Path.Combine(directory, name + ".approved.txt");
        var received = Path.Combine(directory, name + ".received.txt");
        if (File.Exists(approved) && File.ReadAllText(approved).ReplaceLineEndings("\n") == summary)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, summary);
        Assert.Fail($"{name}'s summary differs from {approved}; the new one is {received}.");
    }

    /// <summary>
    /// ResNet-18's names and shapes, mapped by <see cref="TorchvisionNames.ResNet"/>, are torchvision's state_dict:
    /// the parameters in torchvision's order (so an ordered load works) and the buffers as a set.
    /// </summary>
    [Fact]
    public void ResNet18_names_map_to_torchvision_state_dict_keys()
    {
        var model = new ResNet18(Device.Cpu(), seed: 1);
        IModel imodel = model;
        var parameters = imodel.Parameters.Select(p => $"{TorchvisionNames.ResNet(p.Name)} [{string.Join(", ", p.Shape)}]").ToList();
        var buffers = imodel.Buffers.Select(b => $"{TorchvisionNames.ResNet(b.Name)} [{string.Join(", ", b.Shape)}]").ToList();
        bool IsBuffer(string key) => key.Contains(".running_", StringComparison.Ordinal) || key.Contains(".num_batches_tracked", StringComparison.Ordinal);

        Assert.Equal(TorchvisionResNet18.Where(k => !IsBuffer(k)), parameters);
        Assert.Equal(TorchvisionResNet18.Where(IsBuffer).Order(StringComparer.Ordinal), buffers.Order(StringComparer.Ordinal));
        Assert.Equal(122, parameters.Count + buffers.Count);
    }

    [Fact]
    public void Typed_access_reaches_the_blocks_parameters()
    {
        var model = new ResNet18(Device.Cpu(), seed: 1);
        IModel imodel = model;

        Assert.Same(imodel.Parameters.Single(p => p.Name == "Net.Layer2.0.Downsample0.weight"), model.Net.Layer2[0].Downsample0.Weight);
        Assert.Equal([512, 256, 3, 3], model.Net.Layer4[0].Conv1.Weight.Shape);
        Assert.Throws<InvalidOperationException>(() => model.Net.Layer1[0].Downsample0);
    }

    [Fact]
    public void AlexNet_names_map_to_torchvision_sequential_indices()
    {
        Assert.Equal("features.3.weight", TorchvisionNames.AlexNet("Features3.weight"));
        Assert.Equal("features.10.bias", TorchvisionNames.AlexNet("Features10.bias"));
        Assert.Equal("classifier.6.weight", TorchvisionNames.AlexNet("Classifier6.weight"));
    }

    /// <summary>d2l's <c>bilinear_kernel</c> for k = 64: factor 32, centre 31.5, on the diagonal of the channel pairs only.</summary>
    [Fact]
    public void Bilinear_initialisation_is_d2ls_kernel_on_the_diagonal()
    {
        var model = new TinyFcn(Device.Cpu(), seed: 3);
        FcnInitialization.Bilinear(model.Head.Up);
        var w = model.Head.Up.Weight.Value.ToArray();
        int classes = 3, k = 64;
        float At(int i, int o, int y, int x) => w[(((((i * classes) + o) * k) + y) * k) + x];

        for (var c = 0; c < classes; c++)
        {
            Assert.Equal(0.015625f * 0.015625f, At(c, c, 0, 0));
            Assert.Equal(0.984375f * 0.984375f, At(c, c, 31, 32));
            Assert.Equal(0.984375f * 0.015625f, At(c, c, 32, 63));
            Assert.Equal(0f, At(c, (c + 1) % classes, 31, 31));
        }

        Assert.All(model.Head.Up.Bias!.Value.ToArray(), b => Assert.Equal(0f, b));
    }

    /// <summary>
    /// <c>torchvision.models.resnet18().state_dict()</c>, key and shape, written out from torchvision/models/resnet.py:
    /// conv1, bn1, then <c>_make_layer</c>'s BasicBlocks (conv1, bn1, conv2, bn2, and <c>downsample</c> = 1×1 conv +
    /// BatchNorm in the first block of layers 2–4, where the stride is 2), then fc. BatchNorm's
    /// <c>num_batches_tracked</c> is a 0-dimensional tensor.
    /// </summary>
    private static readonly string[] TorchvisionResNet18 =
    [
        "conv1.weight [64, 3, 7, 7]",
        "bn1.weight [64]",
        "bn1.bias [64]",
        "bn1.running_mean [64]",
        "bn1.running_var [64]",
        "bn1.num_batches_tracked []",
        "layer1.0.conv1.weight [64, 64, 3, 3]",
        "layer1.0.bn1.weight [64]",
        "layer1.0.bn1.bias [64]",
        "layer1.0.bn1.running_mean [64]",
        "layer1.0.bn1.running_var [64]",
        "layer1.0.bn1.num_batches_tracked []",
        "layer1.0.conv2.weight [64, 64, 3, 3]",
        "layer1.0.bn2.weight [64]",
        "layer1.0.bn2.bias [64]",
        "layer1.0.bn2.running_mean [64]",
        "layer1.0.bn2.running_var [64]",
        "layer1.0.bn2.num_batches_tracked []",
        "layer1.1.conv1.weight [64, 64, 3, 3]",
        "layer1.1.bn1.weight [64]",
        "layer1.1.bn1.bias [64]",
        "layer1.1.bn1.running_mean [64]",
        "layer1.1.bn1.running_var [64]",
        "layer1.1.bn1.num_batches_tracked []",
        "layer1.1.conv2.weight [64, 64, 3, 3]",
        "layer1.1.bn2.weight [64]",
        "layer1.1.bn2.bias [64]",
        "layer1.1.bn2.running_mean [64]",
        "layer1.1.bn2.running_var [64]",
        "layer1.1.bn2.num_batches_tracked []",
        "layer2.0.conv1.weight [128, 64, 3, 3]",
        "layer2.0.bn1.weight [128]",
        "layer2.0.bn1.bias [128]",
        "layer2.0.bn1.running_mean [128]",
        "layer2.0.bn1.running_var [128]",
        "layer2.0.bn1.num_batches_tracked []",
        "layer2.0.conv2.weight [128, 128, 3, 3]",
        "layer2.0.bn2.weight [128]",
        "layer2.0.bn2.bias [128]",
        "layer2.0.bn2.running_mean [128]",
        "layer2.0.bn2.running_var [128]",
        "layer2.0.bn2.num_batches_tracked []",
        "layer2.0.downsample.0.weight [128, 64, 1, 1]",
        "layer2.0.downsample.1.weight [128]",
        "layer2.0.downsample.1.bias [128]",
        "layer2.0.downsample.1.running_mean [128]",
        "layer2.0.downsample.1.running_var [128]",
        "layer2.0.downsample.1.num_batches_tracked []",
        "layer2.1.conv1.weight [128, 128, 3, 3]",
        "layer2.1.bn1.weight [128]",
        "layer2.1.bn1.bias [128]",
        "layer2.1.bn1.running_mean [128]",
        "layer2.1.bn1.running_var [128]",
        "layer2.1.bn1.num_batches_tracked []",
        "layer2.1.conv2.weight [128, 128, 3, 3]",
        "layer2.1.bn2.weight [128]",
        "layer2.1.bn2.bias [128]",
        "layer2.1.bn2.running_mean [128]",
        "layer2.1.bn2.running_var [128]",
        "layer2.1.bn2.num_batches_tracked []",
        "layer3.0.conv1.weight [256, 128, 3, 3]",
        "layer3.0.bn1.weight [256]",
        "layer3.0.bn1.bias [256]",
        "layer3.0.bn1.running_mean [256]",
        "layer3.0.bn1.running_var [256]",
        "layer3.0.bn1.num_batches_tracked []",
        "layer3.0.conv2.weight [256, 256, 3, 3]",
        "layer3.0.bn2.weight [256]",
        "layer3.0.bn2.bias [256]",
        "layer3.0.bn2.running_mean [256]",
        "layer3.0.bn2.running_var [256]",
        "layer3.0.bn2.num_batches_tracked []",
        "layer3.0.downsample.0.weight [256, 128, 1, 1]",
        "layer3.0.downsample.1.weight [256]",
        "layer3.0.downsample.1.bias [256]",
        "layer3.0.downsample.1.running_mean [256]",
        "layer3.0.downsample.1.running_var [256]",
        "layer3.0.downsample.1.num_batches_tracked []",
        "layer3.1.conv1.weight [256, 256, 3, 3]",
        "layer3.1.bn1.weight [256]",
        "layer3.1.bn1.bias [256]",
        "layer3.1.bn1.running_mean [256]",
        "layer3.1.bn1.running_var [256]",
        "layer3.1.bn1.num_batches_tracked []",
        "layer3.1.conv2.weight [256, 256, 3, 3]",
        "layer3.1.bn2.weight [256]",
        "layer3.1.bn2.bias [256]",
        "layer3.1.bn2.running_mean [256]",
        "layer3.1.bn2.running_var [256]",
        "layer3.1.bn2.num_batches_tracked []",
        "layer4.0.conv1.weight [512, 256, 3, 3]",
        "layer4.0.bn1.weight [512]",
        "layer4.0.bn1.bias [512]",
        "layer4.0.bn1.running_mean [512]",
        "layer4.0.bn1.running_var [512]",
        "layer4.0.bn1.num_batches_tracked []",
        "layer4.0.conv2.weight [512, 512, 3, 3]",
        "layer4.0.bn2.weight [512]",
        "layer4.0.bn2.bias [512]",
        "layer4.0.bn2.running_mean [512]",
        "layer4.0.bn2.running_var [512]",
        "layer4.0.bn2.num_batches_tracked []",
        "layer4.0.downsample.0.weight [512, 256, 1, 1]",
        "layer4.0.downsample.1.weight [512]",
        "layer4.0.downsample.1.bias [512]",
        "layer4.0.downsample.1.running_mean [512]",
        "layer4.0.downsample.1.running_var [512]",
        "layer4.0.downsample.1.num_batches_tracked []",
        "layer4.1.conv1.weight [512, 512, 3, 3]",
        "layer4.1.bn1.weight [512]",
        "layer4.1.bn1.bias [512]",
        "layer4.1.bn1.running_mean [512]",
        "layer4.1.bn1.running_var [512]",
        "layer4.1.bn1.num_batches_tracked []",
        "layer4.1.conv2.weight [512, 512, 3, 3]",
        "layer4.1.bn2.weight [512]",
        "layer4.1.bn2.bias [512]",
        "layer4.1.bn2.running_mean [512]",
        "layer4.1.bn2.running_var [512]",
        "layer4.1.bn2.num_batches_tracked []",
        "fc.weight [1000, 512]",
        "fc.bias [1000]",
    ];

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
