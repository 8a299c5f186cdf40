using System.Text.RegularExpressions;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Blocks;

/// <summary>
/// The blocks docs/dsl-reference.md shows for GoogLeNet, DenseNet, MobileNet v2 and FCN: each compiles inside a model
/// with no diagnostic, and each use has the shapes the papers give.
/// </summary>
public sealed partial class ZooBlockTests
{
    private const string Blocks = """
        using Strata;

        namespace Tests;

        /// <summary>GoogLeNet's Inception block.</summary>
        [Block]
        public partial class Inception(int c1, int c2a, int c2b, int c3a, int c3b, int c4)
        {
            [Conv(nameof(c1), 1), Relu]                           public partial Conv2d P1 { get; }
            [From(Graph.Input), Conv(nameof(c2a), 1), Relu]       public partial Conv2d P2a { get; }
            [Conv(nameof(c2b), 3, pad: 1), Relu]                  public partial Conv2d P2b { get; }
            [From(Graph.Input), Conv(nameof(c3a), 1), Relu]       public partial Conv2d P3a { get; }
            [Conv(nameof(c3b), 5, pad: 2), Relu]                  public partial Conv2d P3b { get; }
            [From(Graph.Input), MaxPool(3, stride: 1, pad: 1)]    public partial Pool2d P4a { get; }
            [Conv(nameof(c4), 1), Relu]                           public partial Conv2d P4b { get; }
            [Concat(nameof(P1), nameof(P2b), nameof(P3b), nameof(P4b))] public partial Concat Out { get; }
        }

        /// <summary>A DenseNet layer.</summary>
        [Block]
        public partial class DenseLayer(int growth)
        {
            [BatchNorm, Relu]                      public partial BatchNorm Bn { get; }
            [Conv(nameof(growth), 3, pad: 1)]      public partial Conv2d Conv { get; }
            [Concat(Graph.Input, nameof(Conv))]    public partial Concat Out { get; }
        }

        /// <summary>A DenseNet dense block.</summary>
        [Block]
        public partial class DenseBlock(int numConvs, int growth)
        {
            /// <summary>Its layers.</summary>
            public DenseLayer[] Layers { get; } = Blocks.Repeat(numConvs, i => new DenseLayer(growth));
        }

        /// <summary>DenseNet's transition.</summary>
        [Block]
        public partial class Transition
        {
            [BatchNorm, Relu]                      public partial BatchNorm Bn { get; }
            [Conv("inChannels / 2", 1)]            public partial Conv2d Conv { get; }
            [AvgPool(2)]                           public partial Pool2d Pool { get; }
        }

        /// <summary>MobileNet v2's inverted residual.</summary>
        [Block]
        public partial class InvertedResidual(int outChannels, int stride, int expansion)
        {
            [When("expansion != 1"), Conv("inChannels * expansion", 1, bias: false)] public partial Conv2d Expand { get; }
            [When("expansion != 1"), BatchNorm, Relu6]                               public partial BatchNorm Bn1 { get; }
            [Conv("inChannels * expansion", 3, pad: 1, bias: false, StrideFrom = nameof(stride), GroupsFrom = "inChannels * expansion")]
                                                                                     public partial Conv2d Depthwise { get; }
            [BatchNorm, Relu6]                                                       public partial BatchNorm Bn2 { get; }
            [Conv(nameof(outChannels), 1, bias: false)]                              public partial Conv2d Project { get; }
            [BatchNorm]                                                              public partial BatchNorm Bn3 { get; }
            [When("stride == 1 && inChannels == outChannels"), Add(nameof(Bn3), Graph.Input)] public partial Add Out { get; }
        }

        /// <summary>FCN's head.</summary>
        [Block]
        public partial class FcnHead(int classes)
        {
            [Conv(nameof(classes), 1)]                                public partial Conv2d Score { get; }
            [ConvTranspose(nameof(classes), 64, stride: 32, pad: 16)] public partial ConvTranspose2d Up { get; }
        }
        """;

    [Fact]
    public void Inception_3a_joins_its_four_branches_into_256_channels() =>
        AssertShapes(
            "Model, Input(192, 28, 28)",
            ["/// <summary>3a.</summary>\n    public Inception A { get; } = new(64, 96, 128, 16, 32, 32);"],
            ("A.Out", "[256, 28, 28]"));

    [Fact]
    public void A_dense_block_grows_by_numConvs_times_growth_and_a_transition_halves_channels_and_size() =>
        AssertShapes(
            "Model, Input(3, 8, 8)",
            [
                "/// <summary>Two layers of 10.</summary>\n    public DenseBlock D { get; } = new(2, 10);",
                "/// <summary>Halves.</summary>\n    public Transition T { get; } = new();",
            ],
            ("D.Layers.0.Out", "[13, 8, 8]"),
            ("D.Layers.1.Out", "[23, 8, 8]"),
            ("T.Conv", "[11, 8, 8]"),
            ("T.Pool", "[11, 4, 4]"));

    [Fact]
    public void An_inverted_residual_adds_only_at_stride_1_with_equal_channels_and_skips_the_expansion_at_factor_1()
    {
        var model = AssertShapes(
            "Model, Input(16, 8, 8)",
            [
                "/// <summary>Adds.</summary>\n    public InvertedResidual Same { get; } = new(16, 1, 6);",
                "/// <summary>Downsamples.</summary>\n    public InvertedResidual Down { get; } = new(24, 2, 6);",
                "/// <summary>No expansion.</summary>\n    public InvertedResidual Flat { get; } = new(24, 1, 1);",
            ],
            ("Same.Expand", "[96, 8, 8]"),
            ("Same.Depthwise", "[96, 8, 8]"),
            ("Same.Out", "[16, 8, 8]"),
            ("Down.Depthwise", "[96, 4, 4]"),
            ("Down.Bn3", "[24, 4, 4]"),
            ("Flat.Depthwise", "[24, 4, 4]"),
            ("Flat.Out", "[24, 4, 4]"));
        Assert.DoesNotContain("Down.Out ", model, StringComparison.Ordinal);
        Assert.DoesNotContain("Flat.Expand ", model, StringComparison.Ordinal);
        Assert.Contains("Conv 3×3, stride 2, pad 1, depthwise, no bias", model, StringComparison.Ordinal);
    }

    [Fact]
    public void The_FCN_head_scores_21_classes_and_upsamples_7x7_to_224x224() =>
        AssertShapes(
            "Model, Input(512, 7, 7)",
            ["/// <summary>Head.</summary>\n    public FcnHead Head { get; } = new(21);"],
            ("Head.Score", "[21, 7, 7]"),
            ("Head.Up", "[21, 224, 224]"));

    private static string AssertShapes(string attributes, string[] members, params (string Layer, string Shape)[] expected)
    {
        var result = GeneratorHarness.Run(Blocks, ModelSource.Net(attributes, members));

        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity > Microsoft.CodeAnalysis.DiagnosticSeverity.Info));
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var model = result.Sources.Single(s => s.HintName == "Tests.Net.g.cs").SourceText.ToString();
        foreach (var (layer, shape) in expected)
        {
            Assert.Matches(new Regex("\"" + Regex.Escape(layer) + " +[^\"]*" + Regex.Escape(shape)), model);
        }

        return model;
    }
}
