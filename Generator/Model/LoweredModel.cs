namespace Strata.Generator.Model
{
    /// <summary>
    /// Everything the emitters need and nothing else: no locations, so that the source output is regenerated only when
    /// the model itself changes.
    /// </summary>
    /// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
    /// <param name="ClassName">The model class.</param>
    /// <param name="Input">The per-sample input shape.</param>
    /// <param name="Output">The model output, as the caller sees it.</param>
    /// <param name="Layers">Every layer property in declaration order.</param>
    /// <param name="Ops">The fused operations in forward order.</param>
    /// <param name="Buffers">The memory plan's layer outputs.</param>
    /// <param name="InputGradientFlat">Whether the first operation reads the input flattened, so the input gradient needs a flat view.</param>
    internal sealed record LoweredModel(
        string? Namespace,
        string ClassName,
        Shape Input,
        TensorRef Output,
        EquatableArray<LayerPlan> Layers,
        EquatableArray<FusedOp> Ops,
        EquatableArray<PlanBuffer> Buffers,
        bool InputGradientFlat)
    {
        public bool NeedsWorkspace => System.Linq.Enumerable.Any(Ops, op => op.HasParameters);

        public bool HasDropout => System.Linq.Enumerable.Any(Ops, op => op.Kind == LayerKind.Dropout);
    }
}
