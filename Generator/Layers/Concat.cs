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
    /// first per-sample dimension, channels for images and features for vectors and sequence steps; with
    /// <c>Axis = ConcatAxis.Steps</c>, over the steps of sequences whose step counts are fixed at build time (a ViT's class
    /// token before its patch tokens). Every other dimension must agree. Each input is a block of every row of the output
    /// (a sample, or a sample's step when features join), so forward copies each input into its block and backward copies
    /// each block of dy back out.
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

        /// <summary>ConcatAxis's values in Strata.Abstractions.</summary>
        public const int Features = 0;

        public const int Steps = 1;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) =>
            arguments.ParamsStrings("layers") is { } layers ? spec with { Sources = layers.ToEquatableArray(), Axis = arguments.NamedInt("Axis", Features) } : null;

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (layer.Sources.Count < 2)
            {
                context.Report(DiagnosticDescriptors.ConcatNeedsTwoInputs, layer.AttributeLocation, layer.Name, layer.Sources.Count, layer.Sources.Count == 1 ? string.Empty : "s");
                return null;
            }

            var axis = layer.Axis!;
            if (axis.Value != Features && axis.Value != Steps)
            {
                context.Report(DiagnosticDescriptors.UnknownConcatAxis, axis.Location, layer.Name, axis.Value);
                return null;
            }

            var overSteps = axis.Value == Steps;
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

                if (overSteps && !shape.HasStaticSteps)
                {
                    context.Report(
                        DiagnosticDescriptors.ConcatStepsNeedFixedSteps,
                        source.Location,
                        layer.Name,
                        source.Name,
                        shape,
                        shape.IsSequence
                            ? "a sequence model's steps vary with each batch and end in padding, so join its features instead (leave Axis out)"
                            : "bridge the image first with [ToSequence(SequenceAxis.Pixels)], or leave Axis out to join channels or features");
                    return null;
                }

                shapes.Add(shape);
            }

            for (var i = 1; i < shapes.Count; i++)
            {
                if ((overSteps ? StepMismatch(shapes[0], shapes[i]) : Mismatch(shapes[0], shapes[i])) is { } how)
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
                        overSteps ? "sequences join over steps, so each step must have the same features" : Fix(shapes[0], shapes[i], layer.Sources[i].Name));
                    return null;
                }
            }

            var joined = shapes.Sum(shape => (long)(overSteps ? shape.Steps : shape[0]));
            var perUnit = overSteps ? shapes[0].Elements : shapes[0].Elements / shapes[0][0];
            if (joined * perUnit > SizeChecks.MaxElements)
            {
                context.Report(
                    DiagnosticDescriptors.SizeTooLarge, layer.AttributeLocation, Name, layer.Name, "output", joined * perUnit, "concatenate fewer or smaller inputs");
                return null;
            }

            var output = overSteps
                ? shapes[0] with { Steps = (int)joined }
                : shapes[0] with { Dimensions = new[] { (int)joined }.Concat(shapes[0].Dimensions.Skip(1)).ToEquatableArray() };
            return new ShapedLayer(layer, shapes[0], output, 0, 0, 0, 0);
        }

        public override OpArgs Arguments(ShapedLayer layer) => new ConcatArgs(layer.Spec.Axis!.Value == Steps);

        /// <summary>Each input into its block of every output row.</summary>
        public override void Forward(OpWriter w)
        {
            var offset = 0;
            foreach (var input in w.Op.Inputs)
            {
                w.Line($"{w.Target.Kernel("Concat")}.Forward({Block(w, input, offset)}, {TensorExpressions.Value(input)}, {w.Y});");
                offset += Width(w.Op, input);
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
                offset += Width(w.Op, input);
            }
        }

        /// <summary>ONNX's Concat on axis 1 ([N, C, H, W], [N, F], and [N, T, F] over steps), or 2 for the features of sequences.</summary>
        public override void Onnx(OnnxWriter w) =>
            w.Node("Concat", w.Inputs, w.Output, OnnxWriter.IntAttribute("axis", w.Op.Y.Shape.IsSequence && !OverSteps(w.Op) ? 2 : 1));

        public override string Describe(ShapedLayer layer) =>
            "Concat " + string.Join(", ", layer.Spec.Sources.Select(ShapeContext.Named)) + (layer.Spec.Axis!.Value == Steps ? " over steps" : string.Empty);

        /// <summary>A copy of each element counts nothing, as a FLOP count should.</summary>
        public override long Flops(ShapedLayer layer) => 0;

        /// <summary>
        /// The named arguments that place one input in the output rows: a row is a sample's step when features join, and a
        /// whole sample when steps do, so that each input's steps are one block of it.
        /// </summary>
        private static string Block(OpWriter w, TensorRef input, int offset) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "rows: {0}, width: {1}, offset: {2}, outputWidth: {3}",
                OverSteps(w.Op) ? "batch" : OpWriter.Rows(w.Op.Y),
                Literals.Int(Width(w.Op, input)),
                Literals.Int(offset),
                Literals.Int(Width(w.Op, w.Op.Y)));

        /// <summary>The elements of one row of <paramref name="tensor"/>: a step's, or a whole sample's when steps join.</summary>
        private static int Width(Op op, TensorRef tensor) =>
            OverSteps(op) ? tensor.Shape.Steps * tensor.Shape.Elements : tensor.Shape.Elements;

        private static bool OverSteps(Op op) => ((ConcatArgs)op.Args).Steps;

        /// <summary>How two sequences joined over steps differ, or null when their steps have the same features.</summary>
        private static string? StepMismatch(Shape first, Shape other) =>
            first.Dimensions.Equals(other.Dimensions) ? null : "in their features per step";

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

    /// <summary>Whether the concat joins steps rather than channels or features.</summary>
    internal sealed record ConcatArgs(bool Steps) : OpArgs;
}
