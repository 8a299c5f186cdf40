namespace Strata.Generator.Model
{
    /// <summary>A model whose every shape fits, its blocks expanded: the input to the generator's lowering pass.</summary>
    /// <param name="Namespace">The model's namespace; null for the global namespace.</param>
    /// <param name="ClassName">The model class.</param>
    /// <param name="Input">The per-sample input shape.</param>
    /// <param name="Layers">Every layer in data-flow order, those of block uses named by path (<c>Layer2.0.Conv1</c>).</param>
    /// <param name="Uses">The model's properties that hold block uses, which its constructor binds.</param>
    /// <param name="SecondInput">The second input of an encoder–decoder model, on its own time axis; null for one input.</param>
    internal sealed record ShapedModel(string? Namespace, string ClassName, Shape Input, EquatableArray<ShapedLayer> Layers, EquatableArray<BlockMember> Uses, NamedInput? SecondInput = null)
    {
        public Shape Output => Layers[Layers.Count - 1].Output;
    }
}
