namespace Strata.Generator.Emit
{
    /// <summary>The fully qualified names generated code uses, so that no user type can shadow them.</summary>
    internal static class TypeNames
    {
        public const string Tensor = "global::Strata.Tensor";
        public const string Device = "global::Strata.Device";
        public const string Parameter = "global::Strata.Parameter";
        public const string ModelBuffer = "global::Strata.ModelBuffer";
        public const string ModelBuffers = "global::Strata.ModelBuffers";
        public const string ModelInput = "global::Strata.ModelInput";
        public const string ModelOutput = "global::Strata.ModelOutput";
        public const string ModelGuard = "global::Strata.ModelGuard";
        public const string ReplicaPool = "global::Strata.ReplicaPool";
        public const string SequenceLengths = "global::Strata.SequenceLengths";
        public const string Index1D = "global::ILGPU.Index1D";
        public const string View = "global::ILGPU.ArrayView<float>";
        public const string Accelerator = "global::ILGPU.Runtime.Accelerator";
        public const string XMath = "global::ILGPU.Algorithms.XMath";
        public const string Cpu = "global::Strata.Cpu";
        public const string Gpu = "global::Strata.Gpu";
    }
}
