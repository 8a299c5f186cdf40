using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary><c>[Dense(units)]</c>: [in] → [units]; with <c>[Flatten]</c> first, any shape flattens to [in].</summary>
    internal static class DenseShapeRule
    {
        public static ShapedLayer? Apply(ShapeContext context)
        {
            if (context.Input.IsSequence)
            {
                return SequenceShapes.TimeDistributedDense(context);
            }

            var layer = context.Layer;
            if (!layer.FlattenFirst && context.Input.Rank != 1)
            {
                context.Report(
                    DiagnosticDescriptors.DenseNeedsFlatten, layer.AttributeLocation, layer.Name, context.Input, context.Source, layer.Size!.Value);
                return null;
            }

            if (!SizeChecks.IsPositive(context, layer.Size!, "units", ", e.g. [Dense(10)] for 10 outputs"))
            {
                return null;
            }

            var units = layer.Size!.Value;
            var inFeatures = context.Input.Elements;
            if (!SizeChecks.Fits(context, "weight", new long[] { units, inFeatures }, layer.Size, "use fewer units"))
            {
                return null;
            }

            return new ShapedLayer(layer, context.Input, Shape.Of(units), 0, 0, 0, 0);
        }
    }
}
