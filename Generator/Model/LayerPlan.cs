namespace Strata.Generator.Model
{
    /// <summary>What the class shell needs about one layer property: its declaration, parameters and summary line.</summary>
    /// <param name="Name">The property name.</param>
    /// <param name="Modifiers">The property's modifiers without <c>partial</c>.</param>
    /// <param name="Field">The handle field, e.g. <c>_c1</c>.</param>
    /// <param name="Description">A one-line description for the summary and the doc comment, e.g. <c>Conv 5×5, pad 2, ReLU</c>.</param>
    /// <param name="Input">The per-sample input shape.</param>
    /// <param name="Output">The per-sample output shape.</param>
    /// <param name="Parameters">Weight then bias, when the layer has them.</param>
    /// <param name="Flops">Forward floating-point operations per sample (a multiply-add counts two).</param>
    /// <param name="HandleType">The runtime handle the property returns, e.g. <c>global::Strata.Conv2d</c>.</param>
    /// <param name="HandleArguments">The arguments of the handle's constructor, e.g. <c>_c1Weight, _c1Bias</c>.</param>
    internal sealed record LayerPlan(
        string Name,
        string Modifiers,
        string Field,
        string Description,
        Shape Input,
        Shape Output,
        EquatableArray<ParameterPlan> Parameters,
        long Flops,
        string HandleType,
        string HandleArguments)
    {
        /// <summary>Whether it belongs to a block use (its name is a path, <c>Layer2.0.Conv1</c>) rather than to a property of the model.</summary>
        public bool InBlock => Name.IndexOf('.') >= 0;
    }
}
