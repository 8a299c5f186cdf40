using System.Globalization;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[ToSequence(axis)]</c>, the bridge from an image to a sequence whose step count the image fixes at build time:
    /// <c>SequenceAxis.Width</c> makes [C, H, W] a sequence of W steps of C·H features, ordered channel-major then row
    /// (a CRNN; PyTorch's <c>x.permute(0, 3, 1, 2).reshape(N, W, C * H)</c>); <c>SequenceAxis.Pixels</c> one of H·W steps
    /// (row-major) of C features (a ViT; <c>x.flatten(2).transpose(1, 2)</c>). The output shape carries its step count
    /// (<see cref="Shape.Steps"/>), so the recurrent layers and per-step Dense after it run with that constant where a
    /// sequence model passes its dynamic steps, and with every sequence full. A permutation: no parameters, no
    /// activation. ONNX: Transpose then Reshape (Width), or Reshape then Transpose (Pixels).
    /// </summary>
    internal sealed class ToSequence : LayerDefinition
    {
        public static readonly ToSequence Definition = new();

        /// <summary>SequenceAxis's values in Strata.Abstractions.</summary>
        public const int Width = 0;

        public const int Pixels = 1;

        public override LayerKind Kind => LayerKind.ToSequence;

        public override string Name => "ToSequence";

        public override string Example => "ToSequence(SequenceAxis.Width)";

        public override string HandleType => "Strata.ToSequence";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var axis = arguments.ConstructorInt("axis");
            return axis is null ? null : spec with { Axis = axis };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            var input = context.Input;
            if (input.Rank != 3 || input.IsSequence)
            {
                context.Report(DiagnosticDescriptors.NeedsSpatialInput, layer.AttributeLocation, Name, layer.Name, input, context.Source, FixForNoImage(context));
                return null;
            }

            var axis = layer.Axis!;
            if (axis.Value != Width && axis.Value != Pixels)
            {
                context.Report(DiagnosticDescriptors.UnknownSequenceAxis, axis.Location, Name, layer.Name, axis.Value);
                return null;
            }

            // C·H·W already fits an int, so both products do.
            var (channels, height, width) = (input[0], input[1], input[2]);
            var output = axis.Value == Width
                ? new Shape(EquatableArray.Create(channels * height), SequenceKind.Features) { Steps = width }
                : new Shape(EquatableArray.Create(channels), SequenceKind.Features) { Steps = height * width };
            return new ShapedLayer(layer, input, output, 0, 0, 0, 0);
        }

        public override OpArgs Arguments(ShapedLayer layer) => new ToSequenceArgs(layer.Spec.Axis!.Value == Pixels);

        public override void Forward(OpWriter w) =>
            w.Line($"{w.Target.Kernel("ToSequence")}.Forward({Sizes(w.Op)}, {w.X}, {w.Y});");

        /// <summary>Only the input's gradient: the inverse permutation.</summary>
        public override void Backward(OpWriter w) => w.WhenInputGradientNeeded(() =>
            w.Line($"{w.Target.Kernel("ToSequence")}.Backward({Sizes(w.Op)}, {w.GradY}, {w.GradX});"));

        /// <summary>
        /// Width: Transpose [N, C, H, W] → [N, W, C, H], then Reshape to [N, W, C·H]. Pixels: Reshape to [N, C, H·W], then
        /// Transpose to [N, H·W, C]. Reshape's 0 keeps the batch.
        /// </summary>
        public override void Onnx(OnnxWriter w)
        {
            var shape = w.Op.X.Shape;
            var (channels, height, width) = (shape[0], shape[1], shape[2]);
            var layer = w.Op.Layer;
            if (!((ToSequenceArgs)w.Op.Args).Pixels)
            {
                w.Line($"graph.AddInitializer({Literals.String(layer + ".shape")}, new[] {{ 3 }}, new long[] {{ 0, {Literals.Int(width)}, {Literals.Int(channels * height)} }});");
                w.Node("Transpose", new[] { w.Input }, layer + ".columns", OnnxWriter.Ints("perm", 0, 3, 1, 2));
                w.Node("Reshape", new[] { layer + ".columns", layer + ".shape" }, w.Output);
            }
            else
            {
                w.Line($"graph.AddInitializer({Literals.String(layer + ".shape")}, new[] {{ 3 }}, new long[] {{ 0, {Literals.Int(channels)}, {Literals.Int(height * width)} }});");
                w.Node("Reshape", new[] { w.Input, layer + ".shape" }, layer + ".planes");
                w.Node("Transpose", new[] { layer + ".planes" }, w.Output, OnnxWriter.Ints("perm", 0, 2, 1));
            }
        }

        public override string Describe(ShapedLayer layer) =>
            string.Format(
                CultureInfo.InvariantCulture,
                layer.Spec.Axis!.Value == Pixels ? "ToSequence, {0} pixels as steps of {1}" : "ToSequence, {0} columns as steps of {1}",
                layer.Output.Steps,
                layer.Output[0]);

        private static string Sizes(Op op) =>
            $"batch, {Literals.Named("channels", op.X.Shape[0])}, {Literals.Named("height", op.X.Shape[1])}, {Literals.Named("width", op.X.Shape[2])}, " +
            $"global::Strata.SequenceAxis.{(((ToSequenceArgs)op.Args).Pixels ? "Pixels" : "Width")}";

        private static string FixForNoImage(ShapeContext context)
        {
            if (context.Input.IsSequence)
            {
                return context.Input.HasStaticSteps
                    ? "the image is already a sequence; remove this second [ToSequence]"
                    : "the input is already a sequence; remove [ToSequence]";
            }

            if (context.InputIsFromInputAttribute)
            {
                return "declare the input as [Input(channels, height, width)], e.g. [Input(1, 32, 128)]";
            }

            return context.ModelInput.Rank == 3 && !context.ModelInput.IsSequence
                ? "[ToSequence] reads the convolutional trunk's [channels, height, width] output; move it before the Flatten, Dense or pooling layer that made it a vector"
                : "give the layers before it a [channels, height, width] output";
        }
    }

    /// <summary>Whether ToSequence makes pixels (true) or columns (false) the steps.</summary>
    internal sealed record ToSequenceArgs(bool Pixels) : OpArgs;
}
