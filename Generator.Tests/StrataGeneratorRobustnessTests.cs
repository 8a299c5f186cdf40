using Microsoft.CodeAnalysis;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// The generator never throws (a crash would surface as AD0001/CS8785 and drop every model): adversarial declarations
/// give diagnostics, and whenever it reports no error, what it generates compiles.
/// </summary>
public sealed class StrataGeneratorRobustnessTests
{
    public static TheoryData<string> Garbage => new()
    {
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue)] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(int.MinValue, int.MinValue, int.MinValue, int.MinValue)] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 5, pad: int.MaxValue)] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 1, stride: int.MaxValue)] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[MaxPool(2, stride: int.MinValue)] public partial Pool2d S1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[AvgPool(int.MaxValue, pad: int.MaxValue)] public partial Pool2d S1 { get; }"),
        ModelSource.Net("Model, Input(int.MaxValue, int.MaxValue, int.MaxValue)", "[Conv(6, 5)] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(46341, 46341)", "[Flatten, Dense(2)] public partial Dense Out { get; }"),
        ModelSource.Net("Model, Input(1, 1, 1)", "[AvgPool(65536, pad: 32768)] public partial Pool2d S1 { get; }"),
        ModelSource.Net("Model, Input(1, 1, 1)", "[Conv(1, 1, stride: 1500000000, pad: 1500000000)] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv()] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(\"six\", 5)] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(4)", "[Dense(10.5)] public partial Dense Out { get; }"),
        ModelSource.Net("Model, Input(null)", "[Dense(2)] public partial Dense Out { get; }"),
        ModelSource.Net("Model, Input(new int[0])", "[Dense(2)] public partial Dense Out { get; }"),
        ModelSource.Net("Model, Input(\"1, 28, 28\")", "[Dense(2)] public partial Dense Out { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 5] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 5)] public partial Unknown C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 5)] public static partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 5)] public partial Conv2d C1 { get => null!; }"),
        ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 5)] public partial Conv2d C1 { get; }", "[Conv(6, 5)] public partial Conv2d C1 { get; }"),
        ModelSource.Net("Model, Input(4)", "[Flatten, Flatten, Dense(3)] public partial Dense Out { get; }"),
        ModelSource.Net("Model, Model, Input(4), Input(5)", "[Dense(3)] public partial Dense Out { get; }"),
        ModelSource.Net("Model, Input(4)", "[Dense(3)] public partial Dense @class { get; }"),
        ModelSource.Net("Model, Input(4)", "[Conv(6, 5)] public void Method() { }", "[Dense(3)] public partial Dense Out { get; }"),
        "using Strata; [Model, Input(4)] public partial record R { [Dense(2)] public partial Dense Out { get; } }",
        "using Strata; [Model, Input(4)] public partial struct S { [Dense(2)] public partial Dense Out { get; } }",
        "using Strata; [Model, Input(4)] public static partial class S { [Dense(2)] public static partial Dense Out { get; } }",
        "using Strata; [Model, Input(4)] public partial class",
        "[Strata.Model, Strata.Input(4)] partial class Dup { [Strata.Dense(2)] public partial Strata.Dense Out { get; } } " +
        "[Strata.Model] partial class Dup { [Strata.Dense(3)] public partial Strata.Dense Out2 { get; } }",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_gives_diagnostics_never_a_crash(string source)
    {
        var result = AssertNoCrash(source);
        if (!result.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) && result.Sources.Length > 0)
        {
            Assert.DoesNotContain(result.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public void Whenever_no_error_is_reported_the_generated_code_compiles()
    {
        int[] values = [int.MinValue, -1, 0, 1, 2, 3, 5, int.MaxValue];
        var random = new Random(2024);
        for (var run = 0; run < 60; run++)
        {
            int Pick() => values[random.Next(values.Length)];
            var source = ModelSource.Net(
                $"Model, Input({random.Next(1, 4)}, {random.Next(1, 12)}, {random.Next(1, 12)})",
                $"[Conv({Pick()}, {Pick()}, stride: {Pick()}, pad: {Pick()}), Relu] public partial Conv2d C1 {{ get; }}",
                $"[MaxPool({Pick()}, stride: {Pick()}, pad: {Pick()})] public partial Pool2d S2 {{ get; }}",
                $"[Flatten, Dense({Pick()})] public partial Dense Out {{ get; }}");

            var result = AssertNoCrash(source);
            if (!result.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                var errors = result.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, source + "\n" + string.Join("\n", errors));
            }
        }
    }

    private static GeneratorResult AssertNoCrash(string source)
    {
        var result = GeneratorHarness.Run(source);
        var run = result.Run.Results.Single();

        Assert.Null(run.Exception);
        Assert.DoesNotContain(result.Output.GetDiagnostics(), d => d.Id is "CS8785" or "AD0001");
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "STRATA0022");
        return result;
    }
}
