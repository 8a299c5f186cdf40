using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// Layer and activation attributes reach their definitions through one registry each: an attribute neither knows is an
/// internal error naming it, never another layer or activation.
/// </summary>
public sealed class LayerRegistryTests
{
    [Fact]
    public void A_layer_attribute_without_a_definition_is_STRATA0022_naming_it_and_generates_no_other_layer()
    {
        var source = MarkedSource.Parse("""
            using Strata;

            namespace Strata
            {
                /// <summary>A layer attribute that Strata's generator has no definition for.</summary>
                [System.AttributeUsage(System.AttributeTargets.Property)]
                public sealed class SpectralNormAttribute : LayerAttribute { }
            }

            namespace Tests
            {
                [Model, Input(4)]
                public partial class Net
                {
                    [{|SpectralNorm|}] public partial Dense Odd { get; }
                    [Dense(2)] public partial Dense Out { get; }
                }
            }
            """);

        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0022", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Contains("no definition is registered for the attribute 'SpectralNorm' on 'Odd'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.ModelSources);
    }

    [Fact]
    public void An_activation_attribute_without_a_definition_is_STRATA0022_naming_it_and_generates_no_other_activation()
    {
        var source = MarkedSource.Parse("""
            using Strata;

            namespace Strata
            {
                /// <summary>An activation attribute that Strata's generator has no definition for.</summary>
                [System.AttributeUsage(System.AttributeTargets.Property)]
                public sealed class MishAttribute : ActivationAttribute { }
            }

            namespace Tests
            {
                [Model, Input(4)]
                public partial class Net
                {
                    [Dense(3), {|Mish|}] public partial Dense Odd { get; }
                    [Dense(2)] public partial Dense Out { get; }
                }
            }
            """);

        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0022", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Contains("no definition is registered for the attribute 'Mish' on 'Odd'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.ModelSources);
    }
}
