namespace Strata.Generator.Model
{
    /// <summary>
    /// A tensor an operation reads or writes: one of the model's inputs, or a layer's output buffer in the memory plan,
    /// possibly seen through a flattening view. Its gradient lives in the matching gradient buffer, or in the caller's
    /// gradOutput for the model output.
    /// </summary>
    /// <param name="Name">The producing property (<c>C1</c>), or the model input's name, which is also its parameter in the generated code (<c>input</c>).</param>
    /// <param name="IsModelInput">Whether it is one of the model's inputs rather than a layer's output.</param>
    /// <param name="Flat">Whether it is seen as [batch, features] through a view.</param>
    /// <param name="Shape">The per-sample shape as the reader sees it (flattened when <paramref name="Flat"/>).</param>
    /// <param name="IsModelOutput">Whether it is the last operation's output, whose gradient the caller passes in.</param>
    /// <param name="Need">
    /// When backward needs its gradient: always when a layer with parameters produced it (or one upstream of it), when
    /// the caller asks for the input's gradient otherwise, and never for token ids (null).
    /// </param>
    /// <param name="Accumulates">
    /// Whether this reader adds its gradient to what later readers wrote, for a tensor read by several operations: it
    /// writes into the tensor's scratch gradient, which is then added to the gradient (the last reader writes directly).
    /// </param>
    internal sealed record TensorRef(
        string Name,
        bool IsModelInput,
        bool Flat,
        Shape Shape,
        bool IsModelOutput,
        InputGradientNeed? Need = InputGradientNeed.Always,
        bool Accumulates = false)
    {
        /// <summary>A model input: its gradient is only needed when the caller asks for it, and token ids have none.</summary>
        public static TensorRef Input(string name, Shape shape) =>
            new(name, true, false, shape, false, shape.Sequence == SequenceKind.Tokens ? null : InputGradientNeed.WhenRequested);

        /// <summary>The property whose output this is; null for a model input.</summary>
        public string? Producer => IsModelInput ? null : Name;

        /// <summary>What tells tensors apart, whichever views readers take of them: an input and a layer may share a name.</summary>
        public string Key => IsModelInput ? "input:" + Name : Name;

        /// <summary>The stem of its gradient buffers' names: <c>InputGrad</c> for the input <c>input</c>, <c>{Producer}OutputGrad</c> for a layer's output.</summary>
        public string GradientStem => IsModelInput ? char.ToUpperInvariant(Name[0]) + Name.Substring(1) + "Grad" : Identifiers.Of(Name) + "OutputGrad";

        /// <summary>The name of its output buffer in the memory plan, <c>{Producer}Output</c>, for a layer's output.</summary>
        public string OutputBuffer => Identifiers.Of(Name) + "Output";
    }
}
