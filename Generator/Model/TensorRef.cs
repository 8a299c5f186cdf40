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
    internal sealed record TensorRef(string? Producer, bool Flat, Shape Shape, bool IsModelOutput)
    {
        public bool IsModelInput => Producer is null;
    }
}
