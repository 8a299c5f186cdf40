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
    /// gets the sum of their gradients.
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
