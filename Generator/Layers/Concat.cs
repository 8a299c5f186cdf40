using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Strata.Generator.Activations;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[Concat(nameof(A), nameof(B), …)]</c>, PyTorch's <c>torch.cat(…, dim=1)</c>: the inputs side by side over their
    /// first per-sample dimension, channels for images and features for vectors and sequence steps. Every other
    /// dimension must agree. Each input is a block of every row (a sample, or a sample's step) of the output, so forward
    /// copies each input into its block and backward copies each block of dy back out.
    /// </summary>
    internal sealed class Concat : LayerDefinition
    {
        public static readonly Concat Definition = new();

        public override LayerKind Kind => LayerKind.Concat;

        public override string Name => "Concat";

        public override string Example => "Concat(nameof(B1), nameof(B2))";

        public override string HandleType => "Strata.Concat";

        public override bool NamesItsInputs => true;

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) =>
            arguments.ParamsStrings("layers") is { } layers ? spec with { Sources = layers.ToEquatableArray() } : null;

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (layer.Sources.Count < 2)
            {
                context.Report(DiagnosticDescriptors.ConcatNeedsTwoInputs, layer.AttributeLocation, layer.Name, layer.Sources.Count, layer.Sources.Count == 1 ? string.Empty : "s");
                return null;
            }

            var shapes = new List<Shape>();
            foreach (var source in layer.Sources)
            {
                if (context.Resolve(source) is not { } shape)
                {
                    return null;
                }

                if (shape.Sequence == SequenceKind.Tokens)
                {
                    // Token ids must be embedded first, whichever layer reads them.
                    SequenceShapes.AcceptsFeatures(new ShapeContext(layer, shape, ShapeContext.Describe(source), context.Diagnostics));
                    return null;
                }

                shapes.Add(shape);
            }

            for (var i = 1; i < shapes.Count; i++)
            {
                if (Mismatch(shapes[0], shapes[i]) is { } how)
                {
                    context.Report(
                        DiagnosticDescriptors.ConcatShapesDiffer,
                        layer.Sources[i].Location,
                        layer.Name,
                        shapes[0],
                        layer.Sources[0].Name,
                        shapes[i],
                        layer.Sources[i].Name,
                        how,
                        Fix(shapes[0], shapes[i], layer.Sources[i].Name));
                    return null;
                }
            }

            var joined = shapes.Sum(shape => (long)shape[0]);
            if (joined * shapes[0].Elements / shapes[0][0] > SizeChecks.MaxElements)
            {
                context.Report(
                    DiagnosticDescriptors.SizeTooLarge, layer.AttributeLocation, Name, layer.Name, "output", joined * shapes[0].Elements / shapes[0][0], "concatenate fewer or smaller inputs");
                return null;
            }

            var dimensions = new[] { (int)joined }.Concat(shapes[0].Dimensions.Skip(1)).ToEquatableArray();
            return new ShapedLayer(layer, shapes[0], shapes[0] with { Dimensions = dimensions }, 0, 0, 0, 0);
        }

        /// <summary>Each input into its block of every output row.</summary>
        public override void Forward(OpWriter w)
        {
            var offset = 0;
            foreach (var input in w.Op.Inputs)
            {
                w.Line($"{w.Target.Kernel("Concat")}.Forward({Block(w, input, offset)}, {TensorExpressions.Value(input)}, {w.Y});");
                offset += input.Shape.Elements;
            }
        }

        /// <summary>Each block of dy back to the input it came from, when that input needs a gradient.</summary>
        public override void Backward(OpWriter w)
        {
            var offset = 0;
            foreach (var input in w.Op.Inputs)
            {
                var block = Block(w, input, offset);
                w.WhenGradientNeeded(input, () => w.Line($"{w.Target.Kernel("Concat")}.Backward({block}, {w.GradY}, {TensorExpressions.Gradient(input)});"));
                offset += input.Shape.Elements;
            }
        }

        /// <summary>ONNX's Concat on axis 1 ([N, C, H, W] and [N, F]), or 2 for sequences ([N, T, F]).</summary>
        public override void Onnx(OnnxWriter w) =>
            w.Node("Concat", w.Inputs, w.Output, OnnxWriter.IntAttribute("axis", w.Op.Y.Shape.IsSequence ? 2 : 1));

        public override string Describe(ShapedLayer layer) =>
            "Concat " + string.Join(", ", layer.Spec.Sources.Select(ShapeContext.Named));

        /// <summary>A copy of each element counts nothing, as a FLOP count should.</summary>
        public override long Flops(ShapedLayer layer) => 0;

        /// <summary>The named arguments that place one input in the output rows.</summary>
        private static string Block(OpWriter w, TensorRef input, int offset) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "rows: {0}, width: {1}, offset: {2}, outputWidth: {3}",
                OpWriter.Rows(w.Op.Y),
                Literals.Int(input.Shape.Elements),
                Literals.Int(offset),
                Literals.Int(w.Op.Y.Shape.Elements));

        /// <summary>How two inputs differ beyond the dimension joined, or null when they join.</summary>
        private static string? Mismatch(Shape first, Shape other)
        {
            if (first.Sequence != other.Sequence)
            {
                return first.IsSequence ? "in that only the first is a sequence" : "in that only the second is a sequence";
            }

            if (first.Rank != other.Rank)
            {
                return "in rank";
            }

            if (first.Steps != other.Steps)
            {
                return "in their number of steps";
            }

            for (var axis = 1; axis < first.Rank; axis++)
            {
                if (first[axis] != other[axis])
                {
                    return first.Rank == 3 && !first.IsSequence ? "in height or width" : "beyond the first dimension";
                }
            }

            return null;
        }

        private static string Fix(Shape first, Shape other, string name) =>
            first.Rank == 3 && other.Rank == 3 && !first.IsSequence && !other.IsSequence
                ? string.Format(CultureInfo.InvariantCulture, "images join over channels, so their planes must match: give '{0}' the padding or stride that makes it {1}×{2}", name, first[1], first[2])
                : "inputs join over their first dimension, so every other dimension must match";
    }
}
