using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary><c>[Dropout(p)]</c>: any shape → the same shape, with p in [0, 1) as the float the kernels use.</summary>
    internal static class DropoutShapeRule
    {
        public static ShapedLayer? Apply(ShapeContext context)
        {
            var layer = context.Layer;
            var p = layer.Probability!;

            // NaN fails both comparisons; a p just below 1 that rounds to 1f would divide by zero in the kernels.
            if (!(p.Value >= 0 && p.Value < 1 && (float)p.Value < 1f))
            {
                context.Report(
                    DiagnosticDescriptors.DropoutProbabilityOutOfRange,
                    p.Location,
                    layer.Name,
                    p.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    context.Input);
                return null;
            }

            return new ShapedLayer(layer, context.Input, context.Input, 0, 0, 0, 0);
        }
    }
}
