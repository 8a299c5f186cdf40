using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// <c>[Conv(channels, kernel, stride, pad)]</c>: [C, H, W] → [channels, floor((H − kh + 2p)/s) + 1, floor((W − kw + 2p)/s) + 1].
    /// </summary>
    internal static class ConvShapeRule
    {
        public static ShapedLayer? Apply(ShapeContext context)
        {
            var layer = context.Layer;
            if (!SpatialInput.IsSpatial(context))
            {
                return null;
            }

            var valid = SizeChecks.IsPositive(context, layer.Size!, "channels", ", e.g. [Conv(6, 5)] for 6 output channels");
            valid &= SizeChecks.IsPositive(context, layer.Kernel!, "kernel", ", e.g. [Conv(6, 5)] for a 5×5 kernel");
            // KernelWidth's 0 stands for "not set" (a square kernel) only when it is left out; a written 0 is an error.
            if (layer.KernelWidth!.IsExplicit)
            {
                valid &= SizeChecks.IsPositive(context, layer.KernelWidth, "KernelWidth", " (leave KernelWidth out for a square kernel)");
            }

            valid &= SizeChecks.IsPositive(context, layer.Stride!, "stride", "");
            valid &= SizeChecks.IsNotNegative(context, layer.Pad!);
            if (!valid)
            {
                return null;
            }

            var channels = layer.Size!.Value;
            var kernelHeight = layer.Kernel!.Value;
            var squareKernel = !layer.KernelWidth.IsExplicit;
            var kernelWidth = squareKernel ? kernelHeight : layer.KernelWidth.Value;
            var widthArgument = squareKernel ? layer.Kernel : layer.KernelWidth;
            var size = SlidingWindow.Output(
                context, kernelHeight, kernelWidth, layer.Stride!.Value, layer.Pad!.Value, layer.Kernel, widthArgument, channels);
            if (size is not { } output)
            {
                return null;
            }

            // The output is too large because of the channels, unless one channel alone is (then the padding made it so).
            var inputChannels = context.Input[0];
            var outputCause = SizeChecks.Product(output.Height, output.Width) > SizeChecks.MaxElements ? layer.Pad : layer.Size;
            if (!SizeChecks.Fits(context, "output", new long[] { channels, output.Height, output.Width }, outputCause, FixFor(outputCause, layer)))
            {
                return null;
            }

            var weightCause = SizeChecks.Largest(layer.Size, layer.Kernel, squareKernel ? null : layer.KernelWidth) ?? layer.Size;
            if (!SizeChecks.Fits(context, "weight", new long[] { channels, inputChannels, kernelHeight, kernelWidth }, weightCause, FixFor(weightCause, layer)))
            {
                return null;
            }

            return new ShapedLayer(
                layer, context.Input, Shape.Of(channels, output.Height, output.Width), kernelHeight, kernelWidth, layer.Stride.Value, layer.Pad.Value);
        }

        private static string FixFor(LayerArgument? cause, LayerSpec layer) =>
            cause == layer.Pad ? "use less padding"
            : cause == layer.Kernel ? "use a smaller kernel"
            : cause == layer.KernelWidth ? "use a smaller KernelWidth"
            : "use fewer channels";
    }
}
