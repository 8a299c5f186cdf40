namespace Strata.Generator.Model
{
    /// <summary>
    /// The result of the shape check: every diagnostic about the model, and the shaped model when nothing is an error.
    /// </summary>
    internal sealed record CheckedModel(ShapedModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, StubbedModel? Stubs = null);
}
