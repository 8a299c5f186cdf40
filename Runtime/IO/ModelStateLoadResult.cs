namespace Strata.IO;

/// <summary>
/// What <see cref="ModelState.Load(IModel, string, bool)"/> did: the parameters it loaded and every name that did not
/// fit. All lists are in the model's parameter order, then (for <see cref="Unexpected"/>) the file's.
/// </summary>
public sealed class ModelStateLoadResult
{
    internal ModelStateLoadResult(
        IReadOnlyList<string> loaded, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<ParameterMismatch> mismatched)
    {
        Loaded = loaded;
        Missing = missing;
        Unexpected = unexpected;
        Mismatched = mismatched;
    }

    /// <summary>The parameters that took the file's values.</summary>
    public IReadOnlyList<string> Loaded { get; }

    /// <summary>The model's parameters that the file lacks; they keep their values.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The file's tensors that name no parameter of the model; they are ignored.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>The parameters whose tensor in the file has another shape or a non-float dtype; they keep their values.</summary>
    public IReadOnlyList<ParameterMismatch> Mismatched { get; }

    /// <summary>Whether the file and the model matched exactly: nothing missing, unexpected or mismatched.</summary>
    public bool IsExactMatch => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    /// <summary>One line per kind of problem, naming every tensor; "exact match" when there is none.</summary>
    public override string ToString()
    {
        if (IsExactMatch)
        {
            return $"exact match: {Loaded.Count} parameter(s) loaded";
        }

        var lines = new List<string>();
        if (Missing.Count > 0)
        {
            lines.Add($"missing from the file ({Missing.Count}): {string.Join(", ", Missing)}");
        }

        if (Unexpected.Count > 0)
        {
            lines.Add($"not in the model ({Unexpected.Count}): {string.Join(", ", Unexpected)}");
        }

        if (Mismatched.Count > 0)
        {
            lines.Add($"mis-shaped ({Mismatched.Count}): {string.Join("; ", Mismatched)}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
