using Strata.Generator.Model;

namespace Strata.Generator.Emit.Cpu
{
    /// <summary>The runtime's activation structs, passed as generic arguments so the JIT inlines the epilogue.</summary>
    internal static class ActivationTypes
    {
        public static string Of(ActivationKind activation) => TypeNames.Cpu + "." + activation switch
        {
            ActivationKind.Relu => "ReluActivation",
            ActivationKind.Sigmoid => "SigmoidActivation",
            ActivationKind.Tanh => "TanhActivation",
            ActivationKind.Relu6 => "Relu6Activation",
            _ => "IdentityActivation",
        };
    }
}
