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

    private static void Verify(string name, string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Approvals.Verify(new ApprovalTextWriter(result.SingleSource, "cs"), new SnapshotNamer(name), new QuietReporter());
    }
}
