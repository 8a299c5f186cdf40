using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// <c>[MaxPool(kernel, stride, pad)]</c> and <c>[AvgPool(...)]</c>: [C, H, W] → [C, floor((H − k + 2p)/s) + 1, ...],
    /// with a stride left out meaning the kernel size and padding at most half the kernel, as in PyTorch.
    /// </summary>
    internal static class PoolShapeRule
    {
        public static ShapedLayer? Apply(ShapeContext context)
        {
            var layer = context.Layer;
            if (!SpatialInput.IsSpatial(context))
            {
                return null;
            }

            var example = layer.Kind == LayerKind.MaxPool ? "[MaxPool(2)]" : "[AvgPool(2)]";
            var valid = SizeChecks.IsPositive(context, layer.Kernel!, "kernel", ", e.g. " + example + " for 2×2 windows");
            // The attribute defaults the stride to 0 (an attribute parameter cannot be int?, CS0181), so only a stride that
            // was left out means the kernel; a written 0 is an error, as PyTorch's "stride should not be zero".
            if (layer.Stride!.IsExplicit)
            {
                valid &= SizeChecks.IsPositive(context, layer.Stride, "stride", " (leave stride out for a stride equal to the kernel)");
            }

            valid &= SizeChecks.IsNotNegative(context, layer.Pad!);
            if (!valid)
            {
                return null;
            }

            var kernel = layer.Kernel!.Value;
            var pad = layer.Pad!.Value;
            if (pad > kernel / 2)
            {
                context.Report(DiagnosticDescriptors.PoolPadTooLarge, layer.Pad.Location, context.KindName, layer.Name, pad, kernel, kernel / 2);
                return null;
            }

            var stride = layer.Stride.IsExplicit ? layer.Stride.Value : kernel;
            var channels = context.Input[0];
            var size = SlidingWindow.Output(context, kernel, kernel, stride, pad, layer.Kernel, layer.Kernel, channels);
            // Without padding a pool's output is never larger than its input, so the padding is what makes it too large.
            if (size is not { } output
                || !SizeChecks.Fits(context, "output", new long[] { channels, output.Height, output.Width }, layer.Pad, "use less padding"))
            {
                return null;
            }

            return new ShapedLayer(layer, context.Input, Shape.Of(channels, output.Height, output.Width), kernel, kernel, stride, pad);
        }
    }
}
