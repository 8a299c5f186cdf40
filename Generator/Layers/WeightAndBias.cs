using System.Collections.Generic;
using System.Text;
using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary>The <c>weight</c> and optional <c>bias</c> of Conv and Dense, both drawn from U(−1/√fanIn, 1/√fanIn) as in PyTorch.</summary>
    internal static class WeightAndBias
    {
        /// <summary>The weight, and a bias of <paramref name="biasSize"/> values (the weight's first dimension when left out).</summary>
        public static IEnumerable<ParameterPlan> Of(LayerSpec spec, string field, Shape weight, int fanIn, int? biasSize = null)
        {
            yield return new ParameterPlan(spec.Name + ".weight", field + "Weight", weight, fanIn);
            if (spec.Bias)
            {
                yield return new ParameterPlan(spec.Name + ".bias", field + "Bias", Shape.Of(biasSize ?? weight[0]), fanIn);
            }
        }

        public static IEnumerable<ReservedField> Fields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "Weight", $"the private field that holds {spec.Name}.weight");
            if (spec.Bias)
            {
                yield return new ReservedField(field + "Bias", $"the private field that holds {spec.Name}.bias");
            }
        }

        /// <summary>The handle's (weight, bias) arguments; null for a layer without bias.</summary>
        public static string HandleArguments(IReadOnlyList<ParameterPlan> parameters) =>
            parameters[0].Field + ", " + (parameters.Count > 1 ? parameters[1].Field : "null");

        public static void AppendNoBias(StringBuilder text, LayerSpec spec)
        {
            if (!spec.Bias)
            {
                text.Append(", no bias");
            }
        }
    }
}
