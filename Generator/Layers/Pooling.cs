using System.Globalization;
using System.Text;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// What MaxPool and AvgPool share: <c>(kernel, stride: kernel, pad: 0)</c> square windows over each channel,
    /// PyTorch's rules (a stride left out is the kernel, pad at most half the kernel), and the <c>Strata.Pool2d</c> handle.
    /// </summary>
    internal abstract class Pooling : LayerDefinition
    {
        public override string HandleType => "Strata.Pool2d";

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var kernel = arguments.ConstructorInt("kernel");
            var stride = arguments.ConstructorInt("stride");
            var pad = arguments.ConstructorInt("pad");
            return kernel is null || stride is null || pad is null
                ? null
                : spec with { Kernel = kernel, Stride = stride, Pad = pad, CountIncludePad = arguments.ConstructorBool("countIncludePad", fallback: true) };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!SpatialInput.IsSpatial(context))
            {
                return null;
            }

            var valid = SizeChecks.IsPositive(context, layer.Kernel!, "kernel", ", e.g. [" + Name + "(2)] for 2×2 windows");
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
                context.Report(DiagnosticDescriptors.PoolPadTooLarge, layer.Pad.Location, Name, layer.Name, pad, kernel, kernel / 2);
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

        public override string Describe(ShapedLayer layer)
        {
            var text = new StringBuilder(string.Format(CultureInfo.InvariantCulture, "{0} {1}×{1}", Name, layer.KernelHeight));
            Window.Append(text, layer, defaultStride: layer.KernelHeight);
            AppendDetails(text, layer);
            return Activations.Append(text, layer.Spec);
        }

        /// <summary>One comparison or addition per window element.</summary>
        public override long Flops(ShapedLayer layer) => (long)layer.KernelHeight * layer.KernelWidth * layer.Output.Elements;

        protected virtual void AppendDetails(StringBuilder text, ShapedLayer layer)
        {
        }
    }
}
