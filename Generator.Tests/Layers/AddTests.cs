using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// [Add] reads two earlier layers by name: shapes that do not join, a name that is not a layer, a layer declared after
/// it, and a layer nobody reads are each a diagnostic at the exact argument or attribute.
/// </summary>
public sealed class AddTests
{
    private const string Input = "Model, Input(2, 8, 8)";

    [Fact]
    public void A_residual_block_builds_with_no_diagnostic_and_compiles()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Input,
            "[Conv(4, 3, pad: 1), Relu] public partial Conv2d C1 { get; }",
            "[Conv(4, 3, pad: 1)] public partial Conv2d C2 { get; }",
            "[Add(nameof(C1), nameof(C2)), Relu] public partial Add Sum { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("Sum      Add C1 + C2, ReLU", result.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_that_do_not_join_are_STRATA0052_at_the_add_with_both_shapes_and_the_shortcut_to_give() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[Conv(8, 2, stride: 2)] public partial Conv2d C2 { get; }",
                "[{|Add(nameof(C1), nameof(C2))|}] public partial Add Sum { get; }"),
            "STRATA0052",
            "Add 'Sum' joins [4, 8, 8] from 'C1' and [8, 4, 4] from 'C2'; give the shortcut 'C1' a 1×1 Conv with 8 channels and stride 2 before the add");

    [Fact]
    public void A_name_that_is_not_a_layer_is_STRATA0053_at_that_argument() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[Add(nameof(C1), {|\"C9\"|})] public partial Add Sum { get; }"),
            "STRATA0053",
            "Add 'Sum' reads 'C9', which is not a layer of model 'Net'; name a layer property declared before 'Sum' with nameof, as in [Add(nameof(C1), nameof(C2))], or the input as Graph.Input");

    [Fact]
    public void A_layer_declared_after_the_add_is_STRATA0054_at_that_argument() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[Add(nameof(C1), {|nameof(Later)|})] public partial Add Sum { get; }",
                "[Conv(4, 3, pad: 1)] public partial Conv2d Later { get; }"),
            "STRATA0054",
            "Add 'Sum' reads 'Later', which is declared after it; declaration order is the data flow, so a layer can only read layers declared before it (move 'Sum' below 'Later')");

    [Fact]
    public void An_add_that_reads_itself_is_STRATA0054_a_cycle() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[Add(nameof(C1), {|nameof(Sum)|})] public partial Add Sum { get; }"),
            "STRATA0054",
            "Add 'Sum' reads 'Sum', which is declared by this very property; declaration order is the data flow, so a layer can only read layers declared before it (move 'Sum' below 'Sum')");

    [Fact]
    public void A_layer_that_nothing_reads_is_a_STRATA0055_warning_at_its_attribute()
    {
        var source = MarkedSource.Parse(ModelSource.Net(
            Input,
            "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
            "[Conv(4, 3, pad: 1)] public partial Conv2d C2 { get; }",
            "[{|Conv(4, 3, pad: 1)|}] public partial Conv2d Unused { get; }",
            "[Add(nameof(C1), nameof(C2))] public partial Add Sum { get; }"));
        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0055", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Equal(
            "Nothing reads the output of 'Unused': the next layer, 'Sum', reads only the layers it names; read 'Unused' there, or remove 'Unused'",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("_unusedWeight.Grad.Clear();", result.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_layer_of_a_chain_that_nothing_reads_skips_its_backward()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Input,
            "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
            "[Conv(4, 3, pad: 1)] public partial Conv2d C2 { get; }",
            "[Conv(4, 3, pad: 1)] public partial Conv2d DeadA { get; }",
            "[Conv(4, 3, pad: 1)] public partial Conv2d DeadB { get; }",
            "[Add(nameof(C1), nameof(C2))] public partial Add Sum { get; }"));

        Assert.Equal("STRATA0055", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("_deadAWeight.Grad.Clear();", result.SingleSource, StringComparison.Ordinal);
        Assert.Contains("_deadBWeight.Grad.Clear();", result.SingleSource, StringComparison.Ordinal);
        Assert.DoesNotContain("_deadAWeight.Grad, _deadABias.Grad", result.SingleSource, StringComparison.Ordinal);
    }
}
