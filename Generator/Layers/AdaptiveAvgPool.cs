using System.Globalization;
using Strata.Generator.Activations;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[AdaptiveAvgPool(height, width)]</c>, PyTorch's <c>nn.AdaptiveAvgPool2d((height, width))</c>: [C, H, W] →
    /// [C, height, width], output row i averaging input rows floor(i·H/height) to ceil((i+1)·H/height) − 1 (and columns
    /// alike), so windows differ in size and overlap when the sizes do not divide, and an output larger than the input
    /// repeats values. A pool, so its property is a <c>Strata.Pool2d</c> and an activation on it is applied after it.
    /// ONNX has no adaptive pool: AveragePool when both sizes divide, otherwise two MatMuls with averaging matrices
    /// (<c>Strata.Onnx.AdaptiveAvgPoolOnnx</c>).
    /// </summary>
    internal sealed class AdaptiveAvgPool : LayerDefinition
    {
        public static readonly AdaptiveAvgPool Definition = new();

        public override LayerKind Kind => LayerKind.AdaptiveAvgPool;

        public override string Name => "AdaptiveAvgPool";

        public override string Example => "AdaptiveAvgPool(6, 6)";

        public override string HandleType => "Strata.Pool2d";

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var height = arguments.ConstructorInt("height");
            var width = arguments.ConstructorInt("width");
            return height is null || width is null ? null : spec with { OutputHeight = height, OutputWidth = width };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!SpatialInput.IsSpatial(context))
            {
                return null;
            }

            var valid = SizeChecks.IsPositive(context, layer.OutputHeight!, "height", ", e.g. [AdaptiveAvgPool(6, 6)] for a 6×6 output");
            valid &= SizeChecks.IsPositive(context, layer.OutputWidth!, "width", ", e.g. [AdaptiveAvgPool(6, 6)] for a 6×6 output");
            var (channels, height, width) = (context.Input[0], layer.OutputHeight!.Value, layer.OutputWidth!.Value);
            if (!valid
                || !SizeChecks.Fits(context, "output", new long[] { channels, height, width }, SizeChecks.Largest(layer.OutputHeight, layer.OutputWidth), "use a smaller output size"))
            {
                return null;
            }

            return new ShapedLayer(layer, context.Input, Shape.Of(channels, height, width), 0, 0, 0, 0);
        }

        /// <summary>The pooling, then the activation in place when there is one.</summary>
        public override void Forward(OpWriter w)
        {
            w.Line($"{w.Target.Kernel("AdaptiveAvgPool")}.Forward({Sizes(w.Op)}, {w.X}, {w.Y});");
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

            w.Line($"{w.Target.Kernel("AdaptiveAvgPool")}.Backward({Sizes(w.Op)}, {w.GradY}, {w.GradX});");
        });

        public override void Onnx(OnnxWriter w)
        {
            var (input, output) = (w.Op.X.Shape, w.Op.Y.Shape);
            w.Line(
                $"global::Strata.Onnx.AdaptiveAvgPoolOnnx.Add(graph, {Literals.String(w.Op.Layer)}, {Literals.String(w.Input)}, {Literals.String(w.Output)}, " +
                $"{Literals.Named("inHeight", input[1])}, {Literals.Named("inWidth", input[2])}, {Literals.Named("outHeight", output[1])}, {Literals.Named("outWidth", output[2])});");
        }

        public override string Describe(ShapedLayer layer) =>
            string.Format(CultureInfo.InvariantCulture, "AdaptiveAvgPool {0}×{1}→{2}×{3}", layer.Input[1], layer.Input[2], layer.Output[1], layer.Output[2])
            + layer.Spec.Activation.Describe();

        /// <summary>One addition per window element; windows cover every input element at least once.</summary>
        public override long Flops(ShapedLayer layer)
        {
            long sum = 0;
            for (var i = 0; i < layer.Output[1]; i++)
            {
                for (var j = 0; j < layer.Output[2]; j++)
                {
                    sum += (long)Extent(i, layer.Input[1], layer.Output[1]) * Extent(j, layer.Input[2], layer.Output[2]);
                }
            }

            return sum * layer.Output[0];
        }

        private static int Extent(int i, int inSize, int outSize) =>
            (int)(((long)(i + 1) * inSize + outSize - 1) / outSize - (long)i * inSize / outSize);

        private static string Sizes(Op op)
        {
            var (input, output) = (op.X.Shape, op.Y.Shape);
            return $"batch, {Literals.Named("channels", input[0])}, {Literals.Named("inHeight", input[1])}, {Literals.Named("inWidth", input[2])}, " +
                   $"{Literals.Named("outHeight", output[1])}, {Literals.Named("outWidth", output[2])}";
        }
    }
}
