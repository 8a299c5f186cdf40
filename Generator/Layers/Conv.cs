using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[Conv(channels, kernel, stride: 1, pad: 0, bias: true, Groups = 1, Dilation = 1)]</c>, PyTorch's
    /// <c>nn.Conv2d</c>: [C, H, W] → [channels, OH, OW] with a weight [channels, C / groups, KH, KW] and a bias
    /// [channels], bias and activation fused into the epilogue. A dilated kernel spans d·(k − 1) + 1.
    /// </summary>
    internal sealed class Conv : LayerDefinition
    {
        public static readonly Conv Definition = new();

        public override LayerKind Kind => LayerKind.Conv;

        public override string Name => "Conv";

        public override string Example => "Conv(6, 5)";

        public override string HandleType => "Strata.Conv2d";

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var size = arguments.ConstructorInt("channels");
            var kernel = arguments.ConstructorInt("kernel");
            var stride = arguments.ConstructorInt("stride");
            var pad = arguments.ConstructorInt("pad");
            return size is null || kernel is null || stride is null || pad is null
                ? null
                : spec with
                {
                    Size = size,
                    Kernel = kernel,
                    Stride = stride,
                    Pad = pad,
                    KernelWidth = arguments.NamedInt("KernelWidth"),
                    Bias = arguments.ConstructorBool("bias", fallback: true),
                    Groups = arguments.NamedInt("Groups", 1),
                    Dilation = arguments.NamedInt("Dilation", 1),
                };
        }

        public override ShapedLayer? Infer(ShapeContext context)
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
            valid &= SizeChecks.IsPositive(context, layer.Groups!, "Groups", " (leave Groups out for an ungrouped convolution)");
            valid &= SizeChecks.IsPositive(context, layer.Dilation!, "Dilation", " (leave Dilation out for adjacent taps)");
            if (!valid || !GroupsDivide(context))
            {
                return null;
            }

            var channels = layer.Size!.Value;
            var kernelHeight = layer.Kernel!.Value;
            var squareKernel = !layer.KernelWidth.IsExplicit;
            var kernelWidth = squareKernel ? kernelHeight : layer.KernelWidth.Value;
            var widthArgument = squareKernel ? layer.Kernel : layer.KernelWidth;
            // A dilated kernel slides like a dense one of its span.
            var dilation = layer.Dilation!.Value;
            var size = SlidingWindow.Output(
                context, Span(kernelHeight, dilation), Span(kernelWidth, dilation), layer.Stride!.Value, layer.Pad!.Value, layer.Kernel, widthArgument, channels);
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
            if (!SizeChecks.Fits(context, "weight", new long[] { channels, inputChannels / layer.Groups!.Value, kernelHeight, kernelWidth }, weightCause, FixFor(weightCause, layer)))
            {
                return null;
            }

            return new ShapedLayer(
                layer, context.Input, Shape.Of(channels, output.Height, output.Width), kernelHeight, kernelWidth, layer.Stride.Value, layer.Pad.Value);
        }

        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            var weight = Shape.Of(layer.Output[0], layer.Input[0] / layer.Spec.Groups!.Value, layer.KernelHeight, layer.KernelWidth);
            return WeightAndBias.Of(layer.Spec, field, weight, fanIn: weight.Elements / layer.Output[0]);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field) => WeightAndBias.Fields(spec, field);

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) => WeightAndBias.HandleArguments(parameters);

        public override OpArgs Arguments(ShapedLayer layer) =>
            new ConvArgs(layer.KernelHeight, layer.KernelWidth, layer.Stride, layer.Pad, layer.Spec.Bias, layer.Spec.Groups!.Value, layer.Spec.Dilation!.Value);

        public override void Forward(OpWriter w) => WeightAndBias.Forward(w, "Conv2d", Geometry(w.Op), ((ConvArgs)w.Op.Args).Bias);

        /// <summary>
        /// Its forward call with other weights (a BatchNorm after it folded in, see <see cref="BatchNorm"/>), adding a
        /// residual connection's other input before the activation when <paramref name="residual"/> is not null (an
        /// <see cref="Add"/> after it fused in).
        /// </summary>
        internal static void ForwardWith(OpWriter w, string weight, string bias, string? residual = null) =>
            WeightAndBias.Forward(w, "Conv2d", Geometry(w.Op), weight, bias, residual);

        /// <summary>Its own weight and bias, as <see cref="ForwardWith"/> takes them.</summary>
        internal static (string Weight, string Bias) Weights(Op op) =>
            (op.Field + "Weight.Value", ((ConvArgs)op.Args).Bias ? op.Field + "Bias.Value" : "null");

        public override void Backward(OpWriter w) => WeightAndBias.Backward(w, "Conv2d", Geometry(w.Op), ((ConvArgs)w.Op.Args).Bias);

        public override void Onnx(OnnxWriter w)
        {
            var args = (ConvArgs)w.Op.Args;
            w.Initializers();
            w.Node(
                "Conv",
                w.WithParameters(),
                w.Output,
                OnnxWriter.Ints("kernel_shape", args.KernelHeight, args.KernelWidth),
                OnnxWriter.Ints("strides", args.Stride, args.Stride),
                OnnxWriter.Ints("pads", args.Pad, args.Pad, args.Pad, args.Pad),
                OnnxWriter.Ints("dilations", args.Dilation, args.Dilation),
                OnnxWriter.IntAttribute("group", args.Groups));
        }

        public override string Describe(ShapedLayer layer)
        {
            var text = new StringBuilder(string.Format(CultureInfo.InvariantCulture, "Conv {0}×{1}", layer.KernelHeight, layer.KernelWidth));
            Window.Append(text, layer, defaultStride: 1);
            if (layer.Spec.Groups!.Value != 1)
            {
                text.Append(layer.Spec.Groups.Value == layer.Input[0] ? ", depthwise" : ", groups " + layer.Spec.Groups.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (layer.Spec.Dilation!.Value != 1)
            {
                text.Append(", dilation ").Append(layer.Spec.Dilation.Value.ToString(CultureInfo.InvariantCulture));
            }

            WeightAndBias.AppendNoBias(text, layer.Spec);
            return text.Append(layer.Spec.Activation.Describe()).ToString();
        }

        public override long Flops(ShapedLayer layer) =>
            2L * (layer.Input[0] / layer.Spec.Groups!.Value) * layer.KernelHeight * layer.KernelWidth * layer.Output.Elements;


        /// <summary>The runtime's ConvGeometry of a convolution from [in, h, w] to [out, oh, ow].</summary>
        internal static string Geometry(Shape input, Shape output, ConvArgs args) =>
            $"new {TypeNames.Cpu}.ConvGeometry(Batch: batch, {Literals.Named("InChannels", input[0])}, {Literals.Named("InHeight", input[1])}, " +
            $"{Literals.Named("InWidth", input[2])}, {Literals.Named("OutChannels", output[0])}, {Literals.Named("KernelHeight", args.KernelHeight)}, " +
            $"{Literals.Named("KernelWidth", args.KernelWidth)}, {Literals.Named("Stride", args.Stride)}, {Literals.Named("Pad", args.Pad)}, " +
            $"{Literals.Named("OutHeight", output[1])}, {Literals.Named("OutWidth", output[2])}" +
            (args.Groups == 1 ? string.Empty : ", " + Literals.Named("Groups", args.Groups)) +
            (args.Dilation == 1 ? string.Empty : ", " + Literals.Named("Dilation", args.Dilation)) + ")";

        private static string Geometry(Op op) => Geometry(op.X.Shape, op.Y.Shape, (ConvArgs)op.Args);

        private static int Span(int kernel, int dilation) => (dilation * (kernel - 1)) + 1;

        /// <summary>Reports groups that do not divide both channel counts, with the nearest that do.</summary>
        internal static bool GroupsDivide(ShapeContext context)
        {
            var layer = context.Layer;
            var groups = layer.Groups!.Value;
            var input = context.Input[0];
            var output = layer.Size!.Value;
            if (input % groups == 0 && output % groups == 0)
            {
                return true;
            }

            var fix = input % groups != 0
                ? $"{groups} does not divide the {input} input channels; use a divisor of both, such as {Gcd(input, output)}"
                : $"{groups} does not divide the {output} output channels; use {output - (output % groups) + groups} channels or a divisor of both, such as {Gcd(input, output)}";
            context.Report(DiagnosticDescriptors.GroupsDoNotDivide, layer.Groups.Location, context.KindName, layer.Name, input, output, groups, fix);
            return false;
        }

        private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

        private static string FixFor(LayerArgument? cause, LayerSpec layer) =>
            cause == layer.Pad ? "use less padding"
            : cause == layer.Kernel ? "use a smaller kernel"
            : cause == layer.KernelWidth ? "use a smaller KernelWidth"
            : "use fewer channels";
    }

    /// <summary>A convolution's window, whether it adds a bias, its groups and its dilation.</summary>
    internal sealed record ConvArgs(int KernelHeight, int KernelWidth, int Stride, int Pad, bool Bias, int Groups, int Dilation) : OpArgs;
}
