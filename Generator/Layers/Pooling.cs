using System.Globalization;
using System.Text;
using Strata.Generator.Activations;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
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

        public override OpArgs Arguments(ShapedLayer layer) =>
            new PoolArgs(layer.KernelHeight, layer.Stride, layer.Pad, layer.Spec.CountIncludePad);

        /// <summary>The pooling call on the writer's device, e.g. <c>MaxForward(g, x, y)</c>.</summary>
        protected abstract string ForwardCall(OpWriter w, string geometry);

        /// <summary>The pooling backward call, e.g. <c>MaxBackward(g, x, dy, dx)</c>.</summary>
        protected abstract string BackwardCall(OpWriter w, string geometry);

        /// <summary>The ONNX operator and its own attributes beyond the window.</summary>
        protected abstract (string OpType, string[] Attributes) OnnxOperator(PoolArgs args);

        /// <summary>The pooling, then the activation in place when there is one (pooling kernels have no epilogue).</summary>
        public override void Forward(OpWriter w)
        {
            w.Line($"{w.Target.Kernel("Pool2d")}.{ForwardCall(w, Geometry(w.Op))};");
            if (w.Op.Epilogue != Identity.Definition)
            {
                w.Line($"{w.Target.Kernel("Activation")}.ForwardInPlace{w.Target.GenericActivation(w.Op.Epilogue)}({w.Target.ActivationArgument(w.Op.Epilogue)}{w.Y});");
            }
        }

        /// <summary>Only the input's gradient: the activation's backward in place, then the pooling's.</summary>
        public override void Backward(OpWriter w) => w.WhenInputGradientNeeded(() =>
        {
            if (w.Op.Epilogue != Identity.Definition)
            {
                w.Line($"{w.Target.Kernel("Activation")}.BackwardInPlace{w.Target.GenericActivation(w.Op.Epilogue)}({w.Target.ActivationArgument(w.Op.Epilogue)}{w.Y}, {w.GradY});");
            }

            w.Line($"{w.Target.Kernel("Pool2d")}.{BackwardCall(w, Geometry(w.Op))};");
        });

        public override void Onnx(OnnxWriter w)
        {
            var args = (PoolArgs)w.Op.Args;
            var (opType, attributes) = OnnxOperator(args);
            var window = new[]
            {
                OnnxWriter.Ints("kernel_shape", args.Kernel, args.Kernel),
                OnnxWriter.Ints("strides", args.Stride, args.Stride),
                OnnxWriter.Ints("pads", args.Pad, args.Pad, args.Pad, args.Pad),
            };
            w.Node(opType, new[] { w.Input }, w.Output, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Concat(window, attributes)));
        }

        public override string Describe(ShapedLayer layer)
        {
            var text = new StringBuilder(string.Format(CultureInfo.InvariantCulture, "{0} {1}×{1}", Name, layer.KernelHeight));
            Window.Append(text, layer, defaultStride: layer.KernelHeight);
            AppendDetails(text, layer);
            return text.Append(layer.Spec.Activation.Describe()).ToString();
        }

        /// <summary>One comparison or addition per window element.</summary>
        public override long Flops(ShapedLayer layer) => (long)layer.KernelHeight * layer.KernelWidth * layer.Output.Elements;

        protected virtual void AppendDetails(StringBuilder text, ShapedLayer layer)
        {
        }

        private static string Geometry(Op op)
        {
            var args = (PoolArgs)op.Args;
            var input = op.X.Shape;
            var output = op.Y.Shape;
            return $"new {TypeNames.Cpu}.PoolGeometry(Batch: batch, {Literals.Named("Channels", input[0])}, {Literals.Named("InHeight", input[1])}, " +
                   $"{Literals.Named("InWidth", input[2])}, {Literals.Named("Kernel", args.Kernel)}, {Literals.Named("Stride", args.Stride)}, " +
                   $"{Literals.Named("Pad", args.Pad)}, {Literals.Named("OutHeight", output[1])}, {Literals.Named("OutWidth", output[2])})";
        }
    }

    /// <summary>A pooling window, and AvgPool's count_include_pad.</summary>
    internal sealed record PoolArgs(int Kernel, int Stride, int Pad, bool CountIncludePad) : OpArgs;
}
