using System;
using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>
    /// The GPU Forward and Backward bodies (kernel launches only, no synchronisation), the classes that load the
    /// kernels once per model (forward ones on the first Forward, backward ones on the first Backward), and the public
    /// kernel class that tests compile to PTX.
    /// </summary>
    internal static class GpuPathEmitter
    {
        public const string ForwardLaunchers = "ForwardLaunchers";
        public const string BackwardLaunchers = "BackwardLaunchers";

        public static string KernelClassName(LoweredModel model) => model.ClassName + "GpuKernels";

        public static void Emit(IndentedWriter writer, LoweredModel model)
        {
            using (writer.Block($"private void ForwardGpu({TypeNames.Tensor} input, MemoryPlan plan, int batch)"))
            {
                writer.Line($"var kernels = _forwardKernels ??= new {ForwardLaunchers}(Device.Accelerator);");
                foreach (var op in model.Ops)
                {
                    OpComments.Write(writer, op);
                    switch (op.Kind)
                    {
                        case OpKind.Conv: ConvEmitter.LaunchForward(writer, op); break;
                        case OpKind.Dense: DenseEmitter.LaunchForward(writer, op); break;
                        case OpKind.Dropout: DropoutEmitter.LaunchForward(writer, op); break;
                        default: PoolEmitter.LaunchForward(writer, op); break;
                    }
                }
            }

            writer.Line();
            using (writer.Block(
                       $"private void BackwardGpu({TypeNames.Tensor} input, {TypeNames.Tensor} gradOutput, MemoryPlan plan, int batch, bool inputGradient)"))
            {
                writer.Line($"var kernels = _backwardKernels ??= new {BackwardLaunchers}(Device.Accelerator);");
                foreach (var op in model.Ops.Reverse())
                {
                    OpComments.Write(writer, op);
                    switch (op.Kind)
                    {
                        case OpKind.Conv: ConvEmitter.LaunchBackward(writer, op); break;
                        case OpKind.Dense: DenseEmitter.LaunchBackward(writer, op); break;
                        case OpKind.Dropout: DropoutEmitter.LaunchBackward(writer, op); break;
                        default: PoolEmitter.LaunchBackward(writer, op); break;
                    }
                }
            }

            var kernels = model.Ops.SelectMany(KernelsOf).ToList();
            writer.Line();
            WriteLaunchers(writer, model, ForwardLaunchers, kernels.Where(k => k.IsForward).ToList());
            writer.Line();
            WriteLaunchers(writer, model, BackwardLaunchers, kernels.Where(k => !k.IsForward).ToList());
            writer.Line();
            WriteKernelClass(writer, model, kernels);
        }

        /// <summary>Writes a launch that is only needed when the gradient of the operation's input is.</summary>
        public static void WhenInputGradientNeeded(IndentedWriter writer, FusedOp op, Action writeLaunch)
        {
            if (op.InputGradient == InputGradientNeed.Always)
            {
                writeLaunch();
                return;
            }

            using (writer.Block("if (inputGradient)"))
            {
                writeLaunch();
            }
        }

        private static IEnumerable<GpuKernel> KernelsOf(FusedOp op) => op.Kind switch
        {
            OpKind.Conv => ConvEmitter.Kernels(op),
            OpKind.Dense => DenseEmitter.Kernels(op),
            OpKind.Dropout => DropoutEmitter.Kernels(op),
            _ => PoolEmitter.Kernels(op),
        };

        private static void WriteLaunchers(IndentedWriter writer, LoweredModel model, string className, IReadOnlyList<GpuKernel> kernels)
        {
            using (writer.Block($"private sealed class {className}"))
            {
                using (writer.Block($"public {className}({TypeNames.Accelerator} accelerator)"))
                {
                    foreach (var kernel in kernels)
                    {
                        writer.Line(
                            $"{kernel.Name} = global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{TypeArguments(kernel)}>(" +
                            $"accelerator, {KernelClassName(model)}.{kernel.Name});");
                    }
                }

                foreach (var kernel in kernels)
                {
                    writer.Line();
                    writer.Line($"public global::System.Action<{TypeArguments(kernel)}> {kernel.Name} {{ get; }}");
                }
            }
        }

        private static string TypeArguments(GpuKernel kernel) =>
            string.Join(", ", new[] { TypeNames.Index1D }.Concat(kernel.Parameters.Select(GpuKernel.TypeOf)));

        private static void WriteKernelClass(IndentedWriter writer, LoweredModel model, IReadOnlyList<GpuKernel> kernels)
        {
            writer.Line("/// <summary>");
            writer.Line($"/// The ILGPU kernels of <see cref=\"{model.ClassName}\"/>, one per operation and direction, every size a literal.");
            writer.Line("/// The model loads and launches them; they are public so that tests can compile each one to PTX.");
            writer.Line("/// </summary>");
            writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            using (writer.Block($"public static class {KernelClassName(model)}"))
            {
                var first = true;
                foreach (var kernel in kernels)
                {
                    if (!first)
                    {
                        writer.Line();
                    }

                    first = false;
                    writer.Line($"/// <summary>{Literals.Xml(kernel.Summary)}</summary>");
                    var parameters = string.Join(", ", kernel.Parameters.Select(p => $"{GpuKernel.TypeOf(p)} {p}"));
                    using (writer.Block($"public static void {kernel.Name}({TypeNames.Index1D} i, {parameters})"))
                    {
                        kernel.WriteBody(writer);
                    }
                }
            }
        }
    }
}
