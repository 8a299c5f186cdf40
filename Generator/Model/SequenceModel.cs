namespace Strata.Generator.Model
{
    /// <summary>A lowered model whose input is a sequence: what the sequence emitters need, with no locations.</summary>
    /// <param name="Namespace">The containing namespace, or null.</param>
    /// <param name="ClassName">The model class.</param>
    /// <param name="Input">[T, features] or [T] token ids.</param>
    /// <param name="Output">The model output: [T, size] or [size].</param>
    /// <param name="Layers">Every layer property in declaration order.</param>
    /// <param name="Ops">The operations in forward order.</param>
    internal sealed record SequenceModel(
        string? Namespace,
        string ClassName,
        Shape Input,
        Shape Output,
        EquatableArray<LayerPlan> Layers,
        EquatableArray<SequenceOp> Ops)
    {
        public bool TokenInput => Input.Sequence == SequenceKind.Tokens;

        /// <summary>Whether some recurrent layer applies dropout between its stacked layers, and so needs a generator.</summary>
        public bool HasDropout => System.Linq.Enumerable.Any(Ops, op => op.DropsBetweenLayers);
    }
}
