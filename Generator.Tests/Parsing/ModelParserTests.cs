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
}
