namespace Strata.Generator.Model
{
    /// <summary>
    /// A tensor of the memory plan, sized <c>perSample * batch</c>: a layer's output, with its gradient unless it is
    /// the model output, and flattening views of both when a later layer reads them flat.
    /// </summary>
    internal sealed record PlanBuffer(string Producer, Shape Shape, bool HasGradient, bool HasFlatView);
}
