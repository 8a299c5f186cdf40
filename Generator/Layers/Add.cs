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
    /// <c>[Add(nameof(A), nameof(B))]</c>: y = act(a + b), element by element, for two earlier layers of one shape, as a
    /// residual connection. Backward hands dy (after the activation) to both inputs; a layer read by several others
    /// gets the sum of their gradients. In evaluation it fuses into the convolution that computes its later input (or the
    /// convolution a BatchNorm folded into): that convolution's epilogue adds the other input and applies the activation,
    /// so the sum is written once (<see cref="FuseIntoConvolutions"/>).
    /// </summary>
    internal sealed class Add : LayerDefinition
    {
        public static readonly Add Definition = new();

        public override LayerKind Kind => LayerKind.Add;

        public override string Name => "Add";

        public override string Example => "Add(nameof(C1), nameof(C2))";

        public override string HandleType => "Strata.Add";

        public override bool NamesItsInputs => true;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var first = arguments.ConstructorString("first");
            var second = arguments.ConstructorString("second");
            return first is null || second is null ? null : spec with { Sources = EquatableArray.Create(first, second) };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            var shapes = new Shape[2];
            for (var i = 0; i < 2; i++)
            {
                if (context.Resolve(layer.Sources[i]) is not { } shape)
                {
                    return null;
                }

                shapes[i] = shape;
            }

            if (!shapes[0].Equals(shapes[1]))
            {
                context.Report(
                    DiagnosticDescriptors.AddShapesDiffer,
                    layer.AttributeLocation,
                    layer.Name,
                    shapes[0],
                    ShapeContext.Describe(layer.Sources[0]),
                    shapes[1],
                    ShapeContext.Describe(layer.Sources[1]),
                    Fix(shapes, layer));
                return null;
            }

            return new ShapedLayer(layer, shapes[0], shapes[0], 0, 0, 0, 0);
        }

        public override void Forward(OpWriter w)
        {
            var op = w.Op;
            w.Line($"{w.Y}.CopyFrom({TensorExpressions.Value(op.Inputs[0])});");
            w.Line($"{w.Target.Kernel("Elementwise")}.AddTo({TensorExpressions.Value(op.Inputs[1])}, {w.Y});");
            if (op.Epilogue != Identity.Definition)
            {
                w.Line($"{w.Target.Kernel("Activation")}.ForwardInPlace{w.Target.GenericActivation(op.Epilogue)}({w.Target.ActivationArgument(op.Epilogue)}{w.Y});");
            }
        }

        /// <summary>dy through the activation, then to each input that needs a gradient.</summary>
        public override void Backward(OpWriter w)
        {
            var op = w.Op;
            if (op.Epilogue != Identity.Definition)
            {
                w.Line($"{w.Target.Kernel("Activation")}.BackwardInPlace{w.Target.GenericActivation(op.Epilogue)}({w.Target.ActivationArgument(op.Epilogue)}{w.Y}, {w.GradY});");
            }

            foreach (var input in op.Inputs)
            {
                w.WhenGradientNeeded(input, () => w.Line($"{TensorExpressions.Gradient(input)}.CopyFrom({w.GradY});"));
            }
        }

        /// <summary>
        /// Evaluation: the convolution that computes the input fused in (<see cref="Op.Folds"/>), writing this layer's
        /// output with the other input added and this layer's activation applied in its epilogue.
        /// </summary>
        public override void ForwardFolded(OpWriter w)
        {
            var producer = w.Op.Folds!;
            var residual = TensorExpressions.Value(w.Op.Inputs.First(x => x.Key != producer.Y.Key));
            var fused = new OpWriter(w, producer with { Output = w.Op.Output, Activation = w.Op.Activation, FoldedAway = false });
            if (producer.Kind == LayerKind.BatchNorm)
            {
                BatchNorm.ForwardFolded(fused, residual);
            }
            else
            {
                var (weight, bias) = Conv.Weights(producer);
                Conv.ForwardWith(fused, weight, bias, residual);
            }
        }

        /// <summary>Before backward after a fused evaluation: the fused input's own output (and a folded BatchNorm's statistics), then the sum.</summary>
        public override void RecomputeFolded(OpWriter w)
        {
            var producer = w.Op.Folds!;
            var own = new OpWriter(w, producer with { FoldedAway = false });
            if (producer.Folds is not null)
            {
                producer.Definition.RecomputeFolded(own);
            }
            else
            {
                producer.Definition.Forward(own);
            }

            Forward(w);
        }

        /// <summary>
        /// Marks each Add whose later input is a convolution's output (or a BatchNorm's that folds a convolution), read by
        /// nothing else and without an activation of its own, as fusing it in evaluation (<see cref="Op.Folds"/>,
        /// <see cref="Op.FoldedAway"/>). Run after <see cref="BatchNorm.FoldIntoConvolutions"/>.
        /// </summary>
        internal static List<Op> FuseIntoConvolutions(List<Op> ops)
        {
            var result = new List<Op>(ops);
            for (var i = 0; i < result.Count; i++)
            {
                var add = result[i];
                if (add.Kind != LayerKind.Add || add.OutputUnused || add.Inputs[0].Key == add.Inputs[1].Key)
                {
                    continue;
                }

                var j = add.Inputs.Max(x => result.FindIndex(op => op.Y.Key == x.Key));
                if (j < 0)
                {
                    continue;
                }

                var producer = result[j];
                var fusable = producer.Kind == LayerKind.Conv ? producer.Folds is null : producer.Kind == LayerKind.BatchNorm && producer.Folds is not null;
                var onlyReader = result.Count(op => op.Inputs.Any(x => x.Key == producer.Y.Key)) == 1;
                if (fusable && !producer.FoldedAway && producer.Activation == Activation.None && onlyReader
                    && !producer.Y.IsModelOutput && !producer.OutputUnused && producer.Y.Shape.Equals(add.Y.Shape))
                {
                    result[j] = producer with { FoldedAway = true };
                    result[i] = add with { Folds = result[j] };
                }
            }

            return result;
        }

        public override void Onnx(OnnxWriter w) => w.Node("Add", w.Inputs, w.Output);

        public override string Describe(ShapedLayer layer) =>
            $"Add {Shapes.ShapeContext.Named(layer.Spec.Sources[0])} + {Shapes.ShapeContext.Named(layer.Spec.Sources[1])}{layer.Spec.Activation.Describe()}";

        /// <summary>One addition per element.</summary>
        public override long Flops(ShapedLayer layer) => layer.Output.Elements;

        /// <summary>
        /// The fix for inputs of different shapes: for images, the 1×1 conv that makes the shortcut fit the other input. The
        /// shortcut is the input with the larger planes, or with the same planes, the one with fewer channels.
        /// </summary>
        private static string Fix(Shape[] shapes, LayerSpec layer)
        {
            if (shapes[0].Rank == 3 && shapes[1].Rank == 3 && !shapes[0].IsSequence && !shapes[1].IsSequence)
            {
                var shortcut = shapes[0][1] != shapes[1][1] ? (shapes[0][1] > shapes[1][1] ? 0 : 1) : (shapes[0][0] <= shapes[1][0] ? 0 : 1);
                var other = 1 - shortcut;
                var stride = shapes[shortcut][1] / shapes[other][1];
                if (shapes[shortcut][1] == stride * shapes[other][1] && shapes[shortcut][2] == stride * shapes[other][2])
                {
                    return string.Format(
                        CultureInfo.InvariantCulture,
                        "give the shortcut {0} a 1×1 Conv with {1} channels{2} before the add",
                        ShapeContext.Describe(layer.Sources[shortcut]),
                        shapes[other][0],
                        stride > 1 ? " and stride " + stride.ToString(CultureInfo.InvariantCulture) : string.Empty);
                }
            }

            return "both inputs must have the same shape";
        }
    }
}
