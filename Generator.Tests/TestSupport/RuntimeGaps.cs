namespace Strata.Generator.Tests.TestSupport;

/// <summary>
/// The activation structs the runtime contract names (Strata.Cpu.ReluActivation, ...). While the runtime in this
/// branch does not define them yet, the tests compile generated code against these stand-ins; once it does, they are
/// left out and the real ones are used.
/// </summary>
internal static class RuntimeGaps
{
    private static readonly string[] ActivationNames =
        ["IdentityActivation", "ReluActivation", "SigmoidActivation", "TanhActivation", "Relu6Activation"];

    /// <summary>Source for the activation structs the runtime lacks; empty when it has them all.</summary>
    public static string MissingActivations()
    {
        var missing = ActivationNames.Where(name => typeof(Tensor).Assembly.GetType("Strata.Cpu." + name) is null).ToList();
        if (missing.Count == 0)
        {
            return string.Empty;
        }

        var structs = missing.Select(name =>
            $"internal readonly struct {name} : IActivation {{ public static float Apply(float x) => x; public static float DerivativeFromOutput(float y) => 1f; }}");
        return "namespace Strata.Cpu;\n" + string.Join("\n", structs) + "\n";
    }
}
