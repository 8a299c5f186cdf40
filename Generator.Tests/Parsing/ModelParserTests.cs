using Microsoft.CodeAnalysis.Text;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Parsing;

/// <summary>The class-level rules: a model is a non-generic, top-level partial class.</summary>
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
}
