using ApprovalTests;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// The generated source, approved line by line. A change to an emitter shows up here as a diff to review; approve it
/// by copying Snapshots/*.received.cs over the matching *.approved.cs.
/// </summary>
public sealed class GeneratedSourceSnapshotTests
{
    [Fact]
    public void LeNet_from_the_readme_generates_the_approved_source() => Verify("LeNet", Models.LeNet);

    [Fact]
    public void Every_layer_option_generates_the_approved_source() => Verify("Coverage", Models.Coverage);

    [Fact]
    public void A_residual_network_generates_the_approved_source() => Verify("Residual", Models.Residual);

    [Fact]
    public void BatchNorm_and_a_global_average_pool_generate_the_approved_source() => Verify("BatchNorm", Models.BatchNorm);

    [Fact]
    public void Dropout_generates_the_approved_source() => Verify("Dropout", Models.Dropout);

    [Fact]
    public void A_crnn_generates_the_approved_source() => Verify("Crnn", Models.Crnn);

    [Fact]
    public void A_small_lstm_generates_the_approved_source() => Verify("SmallLstm", SequenceModels.SmallLstm);

    [Fact]
    public void A_stacked_lstm_with_dropout_generates_the_approved_source() => Verify("StackedLstmDropout", SequenceModels.StackedLstmDropout);

    [Fact]
    public void A_model_of_residual_blocks_and_its_block_generate_the_approved_source() =>
        Verify("ResidualBlocks", Blocks.BlockSources.Residual + Blocks.BlockSources.SmallResNet);

    /// <summary>
    /// ResNet-18 of the zoo (Samples/Zoo/Models/ResNet.cs, read from the repository): its blocks' generated parts and
    /// the whole generated model. The file's other models (ResNet-34, ResNet-50, the 32×32 and MNIST ones) are left out here.
    /// </summary>
    [Fact]
    public void The_zoos_resnet18_generates_the_approved_source()
    {
        var path = Path.Combine(RepositoryRoot(), "Samples", "Zoo", "Models", "ResNet.cs");
        var source = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(path).ReplaceLineEndings("\n"),
            @"/// <summary>[^\n]*(\n///[^\n]*)*\n\[Model, Input\([^\]]*\)\]\npublic partial class (ResNet34|ResNet50|ResNet18Cifar|ResNet18Mnist)\n\{\n(    [^\n]*\n)*\}\n",
            string.Empty);
        Assert.Contains("class ResNet18\n", source, StringComparison.Ordinal);
        Assert.DoesNotContain("class ResNet50", source, StringComparison.Ordinal);
        Verify("ZooResNet18", source);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;

    /// <summary>Every generated file of <paramref name="source"/>, in hint-name order, approved as one text.</summary>
    private static void Verify(string name, string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity > Microsoft.CodeAnalysis.DiagnosticSeverity.Info));
        var text = string.Join("\n", result.Sources.OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => "// " + s.HintName + "\n" + s.SourceText));
        Approvals.Verify(new ApprovalTextWriter(result.Sources.Length == 1 ? result.SingleSource : text, "cs"), new SnapshotNamer(name), new QuietReporter());
    }
}
