using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// Layer attributes reach their definitions through one registry: a layer attribute it does not know is an internal
/// error naming it, never another layer.
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
        Assert.Contains("no layer definition is registered for the layer attribute 'SpectralNorm' on 'Odd'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.ModelSources);
    }
}
