namespace Strata.Generator.Model
{
    /// <summary>
    /// A tensor an operation reads or writes: the model input (<see cref="Producer"/> null) or a layer's output buffer
    /// in the memory plan, possibly seen through a flattening view. Its gradient lives in the matching gradient buffer,
    /// or in the caller's gradOutput for the model output.
    /// </summary>
    /// <param name="Producer">The property whose output this is; null for the model input.</param>
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
    internal sealed record TensorRef(string? Producer, bool Flat, Shape Shape, bool IsModelOutput, InputGradientNeed? Need = InputGradientNeed.Always, bool Accumulates = false)
    {
        public bool IsModelInput => Producer is null;

        /// <summary>The stem of its buffers' names: <c>InputGrad</c> or <c>{Producer}OutputGrad</c> for the gradient.</summary>
        public string GradientStem => IsModelInput ? "InputGrad" : Producer + "OutputGrad";
    }
}
