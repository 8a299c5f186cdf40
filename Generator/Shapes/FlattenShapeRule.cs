using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>A standalone <c>[Flatten]</c>: any shape → [product of its dimensions]. It copies nothing.</summary>
    internal static class FlattenShapeRule
    {
        public static ShapedLayer? Apply(ShapeContext context) =>
            context.Input.IsSequence
                ? SequenceShapes.RejectFlatten(context)
                : new(context.Layer, context.Input, Shape.Of(context.Input.Elements), 0, 0, 0, 0);
    }
}
