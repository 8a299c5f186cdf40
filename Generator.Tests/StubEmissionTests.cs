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
    public void A_nested_model_is_stubbed_inside_its_containers_so_only_STRATA0003_remains()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            namespace Demo;

            public static partial class Outer
            {
                public partial struct Middle<U>
                {
                    [Model, Input(4)]
                    public partial class Net
                    {
                        [Dense(8), Relu] public partial Dense Hidden { get; }
                        [Dense(2)]       internal partial Dense Out { get; }
                    }
                }
            }

            public static class Use
            {
                public static Dense Run() => new Outer.Middle<int>.Net(Device.Cpu(), seed: 1).Out;
            }
            """);

        var stub = Assert.Single(result.Sources);
        Assert.Equal("Demo.Outer.Middle`1.Net.stubs.g.cs", stub.HintName);
        Assert.Equal(["STRATA0003"], Errors(result));
    }

    [Fact]
    public void A_nested_model_in_a_class_that_is_not_partial_gets_no_stubs_because_they_could_not_compile()
    {
        var result = GeneratorHarness.Run("""
            using Strata;

            public class Outer
            {
                [Model, Input(4)]
                public partial class Net { [Dense(2)] public partial Dense Out { get; } }
            }
            """);

        Assert.Empty(result.Sources);
        Assert.Equal("STRATA0003", Assert.Single(result.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void A_generic_model_is_stubbed_with_its_type_parameters_so_only_STRATA0002_remains()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            namespace Demo;

            [Model, Input(4)]
            public partial class Net<T, U> where T : class
            {
                [Dense(8), Relu] public partial Dense Hidden { get; }
                [Dense(2)]       public partial Dense Out { get; }
            }

            public static class Use
            {
                public static string Run() => new Net<string, int>(Device.Cpu(), seed: 1).Summary;
            }
            """);

        Assert.Equal("Demo.Net`2.stubs.g.cs", Assert.Single(result.Sources).HintName);
        Assert.Equal(["STRATA0002"], Errors(result));
    }

    [Fact]
    public void A_model_whose_Input_does_not_bind_is_stubbed_so_only_the_compiler_error_remains()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            namespace Demo;

            [Model, Input(Foo)]
            public partial class Net
            {
                [Dense(8), Relu] public partial Dense Hidden { get; }
                [Dense(2)]       public partial Dense Out { get; }
            }

            public static class Use
            {
                public static Dense Run() => new Net(Device.Cpu(), seed: 1).Out;
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.ModelSources);
        Assert.Equal(["CS0103"], Errors(result));
    }

    [Fact]
    public void A_sequence_model_whose_Input_does_not_bind_keeps_its_sequence_members()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            using static Strata.Dims;
            namespace Demo;

            [Model, Input(Sequence, Foo)]
            public partial class Net
            {
                [Lstm(8)] public partial Lstm Encoder { get; }
            }

            public static class Use
            {
                public static void Run() => new Net(Device.Cpu(), seed: 1).CarryState = true;
            }
            """);

        Assert.Equal(["CS0103"], Errors(result));
    }

    [Fact]
    public void A_layer_whose_attribute_does_not_bind_is_stubbed_so_only_the_compiler_error_remains()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            namespace Demo;

            [Model, Input(1, 8, 8)]
            public partial class Net
            {
                [Conv(6.5, 5)]       public partial Conv2d C1 { get; }
                [Flatten, Dense(2)]  public partial Dense Out { get; }
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Equal(["CS1503"], Errors(result));
    }

    // Generated layer properties carry their own summaries, so users leave them undocumented (as in LeNet); the stubs
    // must too, or a build with documentation warnings as errors adds one CS1591 per layer and model member.
    [Fact]
    public void A_broken_model_adds_no_documentation_warning()
    {
        var result = GeneratorHarness.Run("""
            using Strata;
            namespace Demo;

            /// <summary>Too deep for its input.</summary>
            [Model, Input(1, 4, 4)]
            public partial class TooDeep
            {
                [Conv(6, 5), Relu] public partial Conv2d C1 { get; }
                [Flatten, Dense(2)] public partial Dense Out { get; }
            }
            """);

        Assert.Equal("STRATA0010", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("/// <inheritdoc/>", result.SingleSource, StringComparison.Ordinal);
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
