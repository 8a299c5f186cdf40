using Microsoft.CodeAnalysis;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>A model with Strata errors gets throwing property bodies, so the build shows the Strata errors and nothing else.</summary>
public class StubEmissionTests
{
    [Fact]
    public void A_model_with_a_shape_error_and_code_that_constructs_it_builds_with_only_the_strata_error()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            namespace Demo;

            [Model, Input(1, 4, 4)]
            public partial class TooDeep
            {
                [Conv(6, 5), Relu] public partial Conv2d C1 { get; }
                [Dense(10)]        internal partial Dense Out { get; }
            }

            public static class Use
            {
                public static Conv2d First() => new TooDeep(Device.Cpu(), seed: 1).C1;
            }
            """);

        Assert.Empty(result.ModelSources);
        var stub = Assert.Single(result.Sources);
        Assert.Equal("Demo.TooDeep.stubs.g.cs", stub.HintName);
        var errors = result.Output.GetDiagnostics().Concat(result.GeneratorDiagnostics)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Id)
            .ToList();
        Assert.Equal(["STRATA0010"], errors);
    }

    [Fact]
    public void A_class_that_is_not_partial_gets_no_stubs()
    {
        var result = GeneratorHarness.Run("""
            using Strata;

            [Model, Input(1, 4, 4)]
            public class Plain
            {
                [Dense(10)] public Dense Out { get; } = null!;
            }
            """);

        Assert.Empty(result.Sources);
    }

    [Fact]
    public void A_valid_model_gets_no_stubs()
    {
        var result = GeneratorHarness.Run("""
            using Strata;

            [Model, Input(4)]
            public partial class Fine
            {
                [Dense(2)] public partial Dense Out { get; }
            }
            """);

        Assert.DoesNotContain(result.Sources, source => source.HintName.EndsWith(".stubs.g.cs", StringComparison.Ordinal));
    }
}
