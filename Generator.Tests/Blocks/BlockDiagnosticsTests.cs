using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Blocks;

/// <summary>
/// Every mistake with a block is one located diagnostic: a use whose shapes do not join (at the block's attribute,
/// naming the use), expressions that do not read or have no value, arguments not known at build time, initializers
/// Strata cannot follow, bad block declarations, a block inside itself, and [When] alone.
/// </summary>
public sealed class BlockDiagnosticsTests
{
    private static string Model(params string[] members) => "\n" + """
        /// <summary>A test model.</summary>
        [Model, Input(3, 6, 6)]
        public partial class Net
        {
        """ + "\n" + string.Join("\n", members.Select(m => "    /// <summary>A member.</summary>\n    " + m)) + "\n}\n";

    [Fact]
    public void Residual_6_without_a_1x1_conv_on_3_channels_is_STRATA0052_at_the_blocks_add_with_both_shapes_and_the_fix() =>
        DiagnosticAssert.Single(
            BlockSources.Residual.Replace("[Add(nameof(Bn2), nameof(Conv3)), Relu]", "[{|Add(nameof(Bn2), nameof(Conv3))|}, Relu]", StringComparison.Ordinal)
                + Model("public Residual B1 { get; } = new(6);"),
            "STRATA0052",
            "Add 'B1.Out' joins [6, 6, 6] from 'B1.Bn2' and [3, 6, 6] from [Input]; give the shortcut [Input] a 1×1 Conv with 6 channels before the add");

    [Fact]
    public void A_misspelt_parameter_in_an_expression_is_STRATA0065_at_the_string_listing_the_parameters() =>
        DiagnosticAssert.Single(
            """
            using Strata;
            namespace Tests;
            /// <summary>A block.</summary>
            [Block]
            public partial class Wide(int width)
            {
                [Conv({|"widht * 4"|}, 1)] public partial Conv2d Expand { get; }
            }
            """,
            "STRATA0065",
            "\"widht * 4\" on 'Expand' is not a valid expression: 'widht' is not a parameter of the block; write an int or bool expression of 'width' and 'inChannels' (Graph.InChannels)");

    [Fact]
    public void An_expression_that_does_not_parse_is_STRATA0065_saying_where() =>
        DiagnosticAssert.Single(
            """
            using Strata;
            namespace Tests;
            /// <summary>A block.</summary>
            [Block]
            public partial class Wide(int width)
            {
                [Conv({|"width * (4"|}, 1)] public partial Conv2d Expand { get; }
            }
            """,
            "STRATA0065",
            "\"width * (4\" on 'Expand' is not a valid expression: ')' expected at the end; write an int or bool expression of 'width' and 'inChannels' (Graph.InChannels)");

    [Fact]
    public void A_division_by_zero_in_one_use_is_STRATA0066_at_the_expression_naming_the_use() =>
        DiagnosticAssert.Single(
            """
            using Strata;
            namespace Tests;
            /// <summary>A block.</summary>
            [Block]
            public partial class Split(int channels, int groups)
            {
                [Conv({|"channels / groups"|}, 1)] public partial Conv2d Reduce { get; }
            }
            """ + Model("public Split S { get; } = new(64, 0);"),
            "STRATA0066",
            "The argument \"channels / groups\" of 'Reduce' has no valid value in the use S = new Split(channels: 64, groups: 0): channels / groups divides by zero (groups is 0)");

    [Fact]
    public void An_int_where_a_When_condition_belongs_is_STRATA0066() =>
        DiagnosticAssert.Single(
            """
            using Strata;
            namespace Tests;
            /// <summary>A block.</summary>
            [Block]
            public partial class Maybe(int channels)
            {
                [When({|nameof(channels)|}), Conv(nameof(channels), 1)] public partial Conv2d Reduce { get; }
                [Conv(4, 1), Relu6] public partial Conv2d After { get; }
            }
            """ + Model("public Maybe M { get; } = new(8);"),
            "STRATA0066",
            "The condition \"channels\" of 'Reduce' has no valid value in the use M = new Maybe(channels: 8): it is the int 8, and a condition is a bool");

    [Fact]
    public void A_variable_block_argument_is_STRATA0067_at_the_argument() =>
        DiagnosticAssert.Single(
            BlockSources.Residual + Model("public static int Width = 3;", "public Residual B1 { get; } = new({|Width|});"),
            "STRATA0067",
            "'Width' in the use 'B1' of block 'Residual' is not a constant, a parameter of the enclosing block, or the index of Blocks.Repeat; a block's arguments decide its shapes, which Strata checks at build time, so write a constant");

    [Fact]
    public void A_block_property_without_an_initializer_is_STRATA0068_at_its_name() =>
        DiagnosticAssert.Single(
            BlockSources.Residual + Model("public Residual {|B1|} { get; }"),
            "STRATA0068",
            "'B1' holds the block 'Residual' without an initializer; write '= new(...)', a collection '= [new(...), new(...)]' or '= Blocks.Repeat(count, i => new Residual(...))'");

    [Fact]
    public void A_block_with_a_double_parameter_is_STRATA0069_at_the_parameter() =>
        DiagnosticAssert.Single(
            """
            using Strata;
            namespace Tests;
            /// <summary>A block.</summary>
            [Block]
            public partial class Scaled(int channels, {|double scale|})
            {
                [Conv(nameof(channels), 1)] public partial Conv2d Reduce { get; }

                /// <summary>Reads the scale.</summary>
                public double Scale => scale;
            }
            """,
            "STRATA0069",
            "Block 'Scaled' has the parameter 'double scale'; a block's parameters decide its shapes at build time, so each is a plain int or bool");

    [Fact]
    public void A_block_that_uses_itself_is_STRATA0070_at_the_use() =>
        DiagnosticAssert.Single(
            """
            using Strata;
            namespace Tests;
            /// <summary>A block.</summary>
            [Block]
            public partial class Tower(int channels)
            {
                [Conv(nameof(channels), 3, pad: 1)] public partial Conv2d Conv { get; }

                /// <summary>Itself.</summary>
                public Tower {|Next|} { get; } = new(8);
            }
            """ + Model("public Tower T { get; } = new(4);"),
            "STRATA0070",
            "'Next' uses the block 'Tower' inside itself (Tests.Tower → Tests.Tower), which would never end; a block can use other blocks, not itself");

    [Fact]
    public void When_without_a_layer_is_STRATA0071() =>
        DiagnosticAssert.Single(
            """
            using Strata;
            namespace Tests;
            /// <summary>A block.</summary>
            [Block]
            public partial class Maybe(bool project)
            {
                [Conv(4, 1)] public partial Conv2d Reduce { get; }
                [{|When(nameof(project))|}] public partial Conv2d Other { get; }
            }
            """,
            "STRATA0071",
            "[When] on 'Other' has no layer attribute beside it to keep or leave out; add the layer, as in [When(nameof(project)), Conv(64, 1)]");

    [Fact]
    public void A_model_that_ends_in_a_left_out_layer_is_STRATA0072_at_the_use() =>
        DiagnosticAssert.Single(
            BlockSources.Residual.Replace("[Add(nameof(Bn2), nameof(Conv3)), Relu]", "[When(\"!use1x1Conv\"), Add(nameof(Bn2), nameof(Conv3)), Relu]", StringComparison.Ordinal)
                + Model("public Residual {|B1|} { get; } = new(3, use1x1Conv: true);"),
            "STRATA0072",
            "Model 'Net' ends in the block use 'B1', whose last layer its [When] condition leaves out, so the model's output would be an earlier tensor; add a layer after 'B1', or end the block with a layer that is always there");
}
