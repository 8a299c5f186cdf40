using Microsoft.CodeAnalysis.Text;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Parsing;

/// <summary>
/// The class-level rules: a model is a non-generic, top-level partial class (not a record) that does not derive from
/// another model.
/// </summary>
public sealed class ModelParserTests
{
    [Fact]
    public void A_class_that_is_not_partial_is_STRATA0001_at_its_name() =>
        DiagnosticAssert.Single(
            """
            using Strata;

            [Model, Input(4)]
            public class {|Net|}
            {
                [Dense(2)] public partial Dense Out { get; }
            }
            """,
            "STRATA0001",
            "Model class 'Net' must be partial so that Strata can generate its layers; declare it as 'partial class Net'");

    [Fact]
    public void A_generic_class_is_STRATA0002_at_its_type_parameters() =>
        DiagnosticAssert.Single(
            """
            using Strata;

            [Model, Input(4)]
            public partial class Net{|<T>|}
            {
                [Dense(2)] public partial Dense Out { get; }
            }
            """,
            "STRATA0002",
            "Model class 'Net' must not be generic, because every shape is fixed at build time; remove the type parameters <T>");

    [Fact]
    public void A_nested_class_is_STRATA0003_at_its_name() =>
        DiagnosticAssert.Single(
            """
            using Strata;

            public partial class Outer
            {
                [Model, Input(4)]
                public partial class {|Net|}
                {
                    [Dense(2)] public partial Dense Out { get; }
                }
            }
            """,
            "STRATA0003",
            "Model class 'Net' is nested in 'Outer'; declare it directly in a namespace");

    [Fact]
    public void A_static_class_is_STRATA0023_at_the_static_keyword() =>
        DiagnosticAssert.Single(
            """
            using Strata;

            [Model, Input(4)]
            public {|static|} partial class Net
            {
                [Dense(2)] public partial Dense Out { get; }
            }
            """,
            "STRATA0023",
            "Model class 'Net' must not be static, because a model is an object that owns its parameters and buffers; remove 'static'");

    [Fact]
    public void A_layer_in_another_partial_declaration_is_STRATA0024_at_its_name()
    {
        var result = GeneratorHarness.Run(
            """
            using Strata;

            [Model, Input(4)]
            public partial class Net
            {
                [Dense(8), Relu] public partial Dense Hidden { get; }
            }
            """,
            """
            using Strata;

            public partial class Net
            {
                [Dense(2)] public partial Dense Out { get; }
            }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0024", diagnostic.Id);
        Assert.Equal("Model1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(new LinePositionSpan(new LinePosition(4, 36), new LinePosition(4, 39)), diagnostic.Location.GetLineSpan().Span);
        Assert.Equal(
            "Layer property 'Out' is declared in another part of 'Net'; move it into the partial declaration that carries [Model], where the order of the layers is the data flow",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(result.ModelSources);
    }

    // Both classes would get a (Device, int) constructor and the IModel members: CS7036 (no base(device, seed)) and
    // 12× CS0108 (Forward, Summary, ... hide the base's).
    [Fact]
    public void A_model_deriving_from_a_model_is_STRATA0030_at_the_base_type_and_is_stubbed_without_a_cascade()
    {
        var source = MarkedSource.Parse("""
            using Strata;

            namespace Demo;

            /// <summary>The base.</summary>
            [Model, Input(4)]
            public partial class Small
            {
                [Dense(8), Relu] public partial Dense Hidden { get; }
            }

            /// <summary>The derived one.</summary>
            [Model, Input(4)]
            public partial class Bigger : {|Small|}
            {
                [Dense(2)] public partial Dense Out { get; }
            }

            /// <summary>Uses both.</summary>
            public static class Use
            {
                /// <summary>Builds them.</summary>
                public static int Run() => new Bigger(Device.Cpu(), seed: 1).Out.GetHashCode() + new Small(Device.Cpu(), 2).Summary.Length;
            }
            """);
        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0030", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Equal(
            "Model 'Bigger' derives from the model 'Small'; a model cannot extend another, because each generates its own constructor, parameters and Forward; remove ': Small' and declare all of 'Bigger''s layers in it",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(result.Sources, s => s.HintName == "Demo.Bigger.stubs.g.cs");
        Assert.Equal(["Demo.Small.g.cs"], result.ModelSources.Select(s => s.HintName));
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
    }

    [Fact]
    public void A_model_deriving_from_a_model_through_a_plain_class_is_STRATA0030_naming_the_model()
    {
        var result = DiagnosticAssertOnModel(
            """
            using Strata;

            [Model, Input(4)]
            public partial class Small { [Dense(8)] public partial Dense Hidden { get; } }

            public partial class Middle : Small { public Middle(Device device, int seed) : base(device, seed) { } }

            [Model, Input(4)]
            public partial class Bigger : {|Middle|} { [Dense(2)] public partial Dense Out { get; } }
            """,
            "Model 'Bigger' derives from the model 'Small' (through 'Middle'); a model cannot extend another, because each generates its own constructor, parameters and Forward; remove ': Middle' and declare all of 'Bigger''s layers in it");

        Assert.DoesNotContain(result.Output.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("{|record|}")]
    [InlineData("{|record class|}")]
    public void A_record_is_STRATA0031_at_the_record_keyword_and_is_stubbed(string keyword)
    {
        var result = DiagnosticAssert.Single(
            $$"""
            using Strata;

            [Model, Input(4)]
            public partial {{keyword}} Net
            {
                [Dense(2)] public partial Dense Out { get; }
            }

            public static class Use
            {
                public static Dense Run() => new Net(Device.Cpu(), seed: 1).Out;
            }
            """,
            "STRATA0031",
            "Model 'Net' is a record; a model owns its parameters and buffers, which a record's value equality, 'with' copies and ToString would compare, share or print; declare it as 'partial class Net'");

        Assert.Equal("Net.stubs.g.cs", Assert.Single(result.Sources).HintName);
        Assert.DoesNotContain(result.Output.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    private static GeneratorResult DiagnosticAssertOnModel(string markedSource, string message)
    {
        var source = MarkedSource.Parse(markedSource);
        var result = GeneratorHarness.Run(source.Text);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0030", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        return result;
    }
}
