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
        Assert.Equal(["STRATA0010"], Errors(result));
    }

    [Fact]
    public void Code_that_calls_the_model_members_of_a_broken_model_builds_with_only_the_strata_error()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            namespace Demo;

            [Model, Input(1, 4, 4)]
            public partial class TooDeep
            {
                [Conv(6, 5), Relu] public partial Conv2d C1 { get; }
            }

            public static class Use
            {
                public static string Run(Tensor x)
                {
                    IModel model = new TooDeep(Device.Cpu(), seed: 1);
                    var typed = new TooDeep(Device.Cpu(), seed: 1);
                    typed.Train();
                    typed.Forward(x);
                    typed.Backward(x, inputGradient: true);
                    typed.ExportOnnx("m.onnx");
                    return typed.Summary + model.Parameters.Count + typed.InputShape.Count + typed.ToOnnx().Length;
                }
            }
            """);

        Assert.Equal(["STRATA0010"], Errors(result));
    }

    [Fact]
    public void Code_that_drives_a_broken_sequence_model_builds_with_only_the_strata_error()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            using static Strata.Dims;
            namespace Demo;

            [Model, Input(Sequence, 3)]
            public partial class Broken
            {
                [Lstm(0)] public partial Lstm Encoder { get; }
            }

            public static class Use
            {
                public static Tensor Run(Tensor x)
                {
                    ISequenceModel model = new Broken(Device.Cpu(), seed: 1);
                    var typed = new Broken(Device.Cpu(), seed: 1) { CarryState = true };
                    typed.ResetState();
                    return typed.Forward(x, new[] { 2 });
                }
            }
            """);

        Assert.Equal(["STRATA0007"], Errors(result));
    }

    [Fact]
    public void A_broken_model_with_a_member_named_like_a_model_member_gets_no_interface_stubs_to_clash_with_it()
    {
        var result = GeneratorHarness.Run("""
            using Strata;

            [Model, Input(1, 4, 4)]
            public partial class Named
            {
                [Conv(6, 5)] public partial Conv2d C1 { get; }

                /// <summary>The user's own.</summary>
                public string Summary => "mine";
            }
            """);

        var stub = Assert.Single(result.Sources).SourceText.ToString();
        Assert.DoesNotContain("IModel", stub, StringComparison.Ordinal);
        Assert.Equal(["STRATA0010", "STRATA0027"], Errors(result).Order());
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

    private static List<string> Errors(GeneratorResult result) =>
        result.Output.GetDiagnostics().Concat(result.GeneratorDiagnostics)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Id)
            .ToList();
}
