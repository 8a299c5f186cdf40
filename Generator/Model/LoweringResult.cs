namespace Strata.Generator.Model
{
    /// <summary>The lowered model, or why lowering failed (a generator bug, reported rather than thrown).</summary>
    /// <param name="ClassName">The model class.</param>
    /// <param name="HintName">The generated file's name, unique per class.</param>
    /// <param name="Model">The lowered model, or null when lowering failed.</param>
    /// <param name="Failure">Why lowering failed.</param>
    /// <param name="Sequence">The lowered model when its input is a sequence (then <paramref name="Model"/> is null).</param>
    internal sealed record LoweringResult(string ClassName, string HintName, LoweredModel? Model, string? Failure, SequenceModel? Sequence = null);
}
