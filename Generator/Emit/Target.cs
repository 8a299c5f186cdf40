using Strata.Generator.Activations;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The device a generated Forward or Backward body runs on. Both call runtime kernels with the same arguments: the
    /// CPU ones (<c>Strata.Cpu.Conv2dCpu</c>) take the activation as a generic struct so the JIT inlines the epilogue,
    /// and a workspace; the GPU ones (<c>Strata.Gpu.Conv2dGpu</c>) take it as a <c>DenseActivation</c> value.
    /// </summary>
    internal enum Target
    {
        Cpu,
        Gpu,
    }

    internal static class TargetExtensions
    {
        /// <summary>The runtime class of an operation on the target: <c>global::Strata.Cpu.Conv2dCpu</c>.</summary>
        public static string Kernel(this Target target, string operation) =>
            target == Target.Cpu ? $"{TypeNames.Cpu}.{operation}Cpu" : $"{TypeNames.Gpu}.{operation}Gpu";

        /// <summary>The activation as the CPU's generic argument list (<c>&lt;ReluActivation&gt;</c>); nothing on the GPU.</summary>
        public static string GenericActivation(this Target target, ActivationDefinition activation) =>
            target == Target.Cpu ? $"<{ActivationStruct(activation)}>" : string.Empty;

        /// <summary>The activation as the GPU's leading argument (<c>DenseActivation.Relu, </c>); nothing on the CPU.</summary>
        public static string ActivationArgument(this Target target, ActivationDefinition activation) =>
            target == Target.Gpu ? $"{GpuActivation(activation)}, " : string.Empty;

        /// <summary>The CPU kernels' trailing workspace argument.</summary>
        public static string Workspace(this Target target) => target == Target.Cpu ? ", _workspace" : string.Empty;

        /// <summary>The runtime's activation struct, e.g. <c>global::Strata.Cpu.ReluActivation</c>.</summary>
        public static string ActivationStruct(ActivationDefinition activation) => $"{TypeNames.Cpu}.{activation.Name}Activation";

        /// <summary>The runtime's GPU activation value, e.g. <c>global::Strata.Gpu.DenseActivation.Relu</c>.</summary>
        public static string GpuActivation(ActivationDefinition activation) => $"{TypeNames.Gpu}.DenseActivation.{activation.Name}";
    }
}
