namespace Strata.Generator.Model
{
    /// <summary>The lowered model, or why lowering failed (a generator bug, reported rather than thrown).</summary>
    internal sealed record LoweringResult(string ClassName, string HintName, LoweredModel? Model, string? Failure);
}
