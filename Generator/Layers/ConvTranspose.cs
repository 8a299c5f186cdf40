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
    /// <c>[ConvTranspose(channels, kernel, stride: 1, pad: 0, outputPadding: 0, bias: true, Groups = 1)]</c>, PyTorch's
    /// <c>nn.ConvTranspose2d</c>: [C, H, W] → [channels, (H − 1)·s − 2p + k + op, …] with a weight
    /// [C, channels / groups, k, k] and a bias [channels]. The runtime runs it as the adjoint of the convolution from
    /// its output back to its input, so the geometry it passes reads the other way round.
    /// </summary>
    internal sealed class ConvTranspose : LayerDefinition
    {
        public static readonly ConvTranspose Definition = new();

        public override LayerKind Kind => LayerKind.ConvTranspose;

        public override string Name => "ConvTranspose";

        public override string Example => "ConvTranspose(16, 4, stride: 2, pad: 1)";

        public override string HandleType => "Strata.ConvTranspose2d";

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var size = arguments.ConstructorInt("channels");
            var kernel = arguments.ConstructorInt("kernel");
            var stride = arguments.ConstructorInt("stride");
            var pad = arguments.ConstructorInt("pad");
            var outputPadding = arguments.ConstructorInt("outputPadding");
            return size is null || kernel is null || stride is null || pad is null || outputPadding is null
                ? null
                : spec with
                {
                    Size = size,
                    Kernel = kernel,
                    Stride = stride,
                    Pad = pad,
                    OutputPadding = outputPadding,
                    Bias = arguments.ConstructorBool("bias", fallback: true),
                    Groups = arguments.NamedInt("Groups", 1),
                    Dilation = new LayerArgument(1, spec.AttributeLocation, IsExplicit: false),
                };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!SpatialInput.IsSpatial(context))
            {
                return null;
            }

            var valid = SizeChecks.IsPositive(context, layer.Size!, "channels", ", e.g. [ConvTranspose(16, 4, stride: 2, pad: 1)] for 16 output channels");
            valid &= SizeChecks.IsPositive(context, layer.Kernel!, "kernel", ", e.g. [ConvTranspose(16, 4, stride: 2, pad: 1)] for a 4×4 kernel");
            valid &= SizeChecks.IsPositive(context, layer.Stride!, "stride", "");
            valid &= SizeChecks.IsNotNegative(context, layer.Pad!);
            valid &= SizeChecks.IsPositive(context, layer.Groups!, "Groups", " (leave Groups out for an ungrouped convolution)");
            if (!valid || !Conv.GroupsDivide(context))
            {
                return null;
            }

            var stride = layer.Stride!.Value;
            var outputPadding = layer.OutputPadding!.Value;
            if (outputPadding < 0 || outputPadding >= stride)
            {
                context.Report(DiagnosticDescriptors.OutputPaddingNotBelowStride, layer.OutputPadding.Location, layer.Name, outputPadding, stride, stride - 1);
                return null;
            }

            var channels = layer.Size!.Value;
            var kernel = layer.Kernel!.Value;
            var pad = layer.Pad!.Value;
            var height = Size(context.Input[1], kernel, stride, pad, outputPadding);
            var width = Size(context.Input[2], kernel, stride, pad, outputPadding);
            foreach (var (dimension, size, input) in new[] { ("height", height, context.Input[1]), ("width", width, context.Input[2]) })
            {
                if (size < 1)
                {
                    var formula = string.Format(CultureInfo.InvariantCulture, "({0} − 1)·{1} − 2·{2} + {3} + {4}", input, stride, pad, kernel, outputPadding);
                    context.Report(DiagnosticDescriptors.TransposedOutputCollapses, layer.Pad.Location, layer.Name, context.Input, dimension, formula, size);
                    return null;
                }
            }

            if (!SizeChecks.Fits(context, "output", new[] { channels, height, width }, layer.Size, "use fewer channels, a smaller stride or kernel"))
            {
                return null;
            }

            return new ShapedLayer(layer, context.Input, Shape.Of(channels, (int)height, (int)width), kernel, kernel, stride, pad);
        }

        /// <summary>The weight [in, out / groups, k, k], initialised as PyTorch does from fan-in (out / groups)·k·k.</summary>
        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            var weight = Shape.Of(layer.Input[0], layer.Output[0] / layer.Spec.Groups!.Value, layer.KernelHeight, layer.KernelWidth);
            return WeightAndBias.Of(layer.Spec, field, weight, fanIn: weight.Elements / weight[0], biasSize: layer.Output[0]);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field) => WeightAndBias.Fields(spec, field);

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) => WeightAndBias.HandleArguments(parameters);

        public override OpArgs Arguments(ShapedLayer layer) =>
            new ConvTransposeArgs(
                new ConvArgs(layer.KernelHeight, layer.KernelWidth, layer.Stride, layer.Pad, layer.Spec.Bias, layer.Spec.Groups!.Value, 1),
                layer.Spec.OutputPadding!.Value);

        public override void Forward(OpWriter w) => WeightAndBias.Forward(w, "ConvTranspose2d", Geometry(w.Op), ((ConvTransposeArgs)w.Op.Args).Window.Bias);

        public override void Backward(OpWriter w) => WeightAndBias.Backward(w, "ConvTranspose2d", Geometry(w.Op), ((ConvTransposeArgs)w.Op.Args).Window.Bias);

        public override void Onnx(OnnxWriter w)
        {
            var args = (ConvTransposeArgs)w.Op.Args;
            w.Initializers();
            w.Node(
                "ConvTranspose",
                w.WithParameters(),
                w.Output,
                OnnxWriter.Ints("kernel_shape", args.Window.KernelHeight, args.Window.KernelWidth),
                OnnxWriter.Ints("strides", args.Window.Stride, args.Window.Stride),
                OnnxWriter.Ints("pads", args.Window.Pad, args.Window.Pad, args.Window.Pad, args.Window.Pad),
                OnnxWriter.Ints("output_padding", args.OutputPadding, args.OutputPadding),
                OnnxWriter.IntAttribute("group", args.Window.Groups));
        }

        public override string Describe(ShapedLayer layer)
        {
            var text = new StringBuilder(string.Format(CultureInfo.InvariantCulture, "ConvTranspose {0}×{0}", layer.KernelHeight));
            Window.Append(text, layer, defaultStride: 1);
            if (layer.Spec.OutputPadding!.Value != 0)
            {
                text.Append(", output padding ").Append(layer.Spec.OutputPadding.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (layer.Spec.Groups!.Value != 1)
            {
                text.Append(", groups ").Append(layer.Spec.Groups.Value.ToString(CultureInfo.InvariantCulture));
            }

            WeightAndBias.AppendNoBias(text, layer.Spec);
            return text.Append(layer.Spec.Activation.Describe()).ToString();
        }

        /// <summary>Each input value meets (out / groups)·k·k weights: two FLOPs each.</summary>
        public override long Flops(ShapedLayer layer) =>
            2L * layer.Input.Elements * (layer.Output[0] / layer.Spec.Groups!.Value) * layer.KernelHeight * layer.KernelWidth;

        private static long Size(int input, int kernel, int stride, int pad, int outputPadding) =>
            ((input - 1L) * stride) - (2L * pad) + kernel + outputPadding;


        /// <summary>The geometry of the convolution this transposes: from the output back to the input.</summary>
        private static string Geometry(Op op) => Conv.Geometry(op.Y.Shape, op.X.Shape, ((ConvTransposeArgs)op.Args).Window);
    }

    /// <summary>A transposed convolution's window (as the convolution it transposes) and its output padding.</summary>
    internal sealed record ConvTransposeArgs(ConvArgs Window, int OutputPadding) : OpArgs;
}
