using System;
using System.Collections.Generic;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>
    /// One generated ILGPU kernel: an implicitly grouped static method over <c>Index1D</c> whose parameters are float
    /// views, except <c>batch</c> (an int) where the kernel loops over the batch.
    /// </summary>
    internal sealed class GpuKernel
    {
        public GpuKernel(string name, bool isForward, string summary, IReadOnlyList<string> parameters, Action<IndentedWriter> writeBody)
        {
            Name = name;
            IsForward = isForward;
            Summary = summary;
            Parameters = parameters;
            WriteBody = writeBody;
        }

        public const string BatchParameter = "batch";

        public string Name { get; }

        /// <summary>Whether the forward pass launches it (the backward kernels are loaded on the first Backward).</summary>
        public bool IsForward { get; }

        public string Summary { get; }

        /// <summary>The parameters after the index, in order.</summary>
        public IReadOnlyList<string> Parameters { get; }

        public Action<IndentedWriter> WriteBody { get; }

        public static string TypeOf(string parameter) => parameter == BatchParameter ? "int" : TypeNames.View;
    }
}
