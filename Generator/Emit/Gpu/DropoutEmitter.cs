using System.Collections.Generic;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>
    /// Dropout on the GPU: the mask is drawn on the host with the CPU path's generator and copied, so that both paths
    /// drop the same elements for the same seed; the kernels multiply by it, forward and backward.
    /// </summary>
    internal static class DropoutEmitter
    {
        public static IEnumerable<GpuKernel> Kernels(FusedOp op)
        {
            yield return Pointwise(op, op.Layer + "Forward", isForward: true, "x", "y", "y = x · mask");
            yield return Pointwise(op, op.Layer + "InputGradient", isForward: false, "dy", "dx", "dx = dy · mask, with the mask of the forward pass");
        }

        public static void LaunchForward(IndentedWriter writer, FusedOp op)
        {
            var host = "plan." + DropoutNames.HostMask(op.Layer);
            var mask = "plan." + DropoutNames.Mask(op.Layer);
            writer.Line($"{TypeNames.Cpu}.DropoutCpu.FillMask({host}, {Float(op.Probability)}, {DropoutNames.Random}, _isTraining);");
            writer.Line($"{mask}.CopyFrom({host});");
            GpuLaunch.Write(
                writer, op.Layer + "Forward", GpuLaunch.PerSample(op.OutputShape), TensorExpressions.ValueView(op.X), mask + ".View", TensorExpressions.ValueView(op.Y));
        }

        public static void LaunchBackward(IndentedWriter writer, FusedOp op) =>
            GpuPathEmitter.WhenInputGradientNeeded(writer, op, () => GpuLaunch.Write(
                writer,
                op.Layer + "InputGradient",
                GpuLaunch.PerSample(op.InputShape),
                TensorExpressions.GradientView(op.Y),
                "plan." + DropoutNames.Mask(op.Layer) + ".View",
                TensorExpressions.GradientView(op.X)));

        private static GpuKernel Pointwise(FusedOp op, string name, bool isForward, string source, string target, string formula) => new(
            name,
            isForward,
            $"{op.Layer} {(isForward ? "forward" : "backward")}: {formula}, one thread per element of [batch, {Dimensions(op.OutputShape)}].",
            new List<string> { source, "mask", target },
            writer =>
            {
                writer.Line("int index = i.X;");
                writer.Line($"{target}[index] = {source}[index] * mask[index];");
            });
    }
}
