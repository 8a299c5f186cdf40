using System.Globalization;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[Flatten]</c>, PyTorch's <c>nn.Flatten</c>: [C, H, W] → [C·H·W], a view of the same buffer, never a copy.
    /// It computes nothing, so a model of Flatten alone has no layers.
    /// </summary>
    internal sealed class Flatten : LayerDefinition
    {
        public static readonly Flatten Definition = new();

        public override LayerKind Kind => LayerKind.Flatten;

        public override string Name => "Flatten";

        public override string Example => "Flatten";

        public override string HandleType => "Strata.Flatten";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) => spec;

        public override ShapedLayer? Infer(ShapeContext context) =>
            context.Input.IsSequence
                ? SequenceShapes.RejectFlatten(context)
                : new(context.Layer, context.Input, Shape.Of(context.Input.Elements), 0, 0, 0, 0);

        public override string Describe(ShapedLayer layer) => "Flatten";

        // Flatten is lowered into a view of its input (see Lowerer), so it never becomes an operation to emit.
        public override void Forward(Emit.OpWriter writer) => throw NoOperation();

        public override void Backward(Emit.OpWriter writer) => throw NoOperation();

        public override void Onnx(Emit.OnnxWriter writer) => throw NoOperation();

        private static System.NotSupportedException NoOperation() => new("Flatten is a view of its input and has no operation of its own");
    }
}
