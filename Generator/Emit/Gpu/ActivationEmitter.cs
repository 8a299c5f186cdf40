using System.Collections.Generic;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>
    /// Activations inside kernels: the forward expression for an epilogue, and the pointwise backward kernel
    /// dy = dy · act'(y), written through the activation's output y as the CPU path does.
    /// </summary>
    internal static class ActivationEmitter
    {
        public static string Apply(ActivationKind activation, string v) => activation switch
        {
            ActivationKind.Relu => $"{v} > 0f ? {v} : 0f",
            ActivationKind.Sigmoid => $"1f / (1f + {TypeNames.XMath}.Exp(-{v}))",
            ActivationKind.Tanh => $"{TypeNames.XMath}.Tanh({v})",
            ActivationKind.Relu6 => $"{v} < 0f ? 0f : ({v} > 6f ? 6f : {v})",
            _ => v,
        };

        public static string DerivativeFromOutput(ActivationKind activation, string y) => activation switch
        {
            ActivationKind.Relu => $"{y} > 0f ? 1f : 0f",
            ActivationKind.Sigmoid => $"{y} * (1f - {y})",
            ActivationKind.Tanh => $"1f - ({y} * {y})",
            ActivationKind.Relu6 => $"{y} > 0f && {y} < 6f ? 1f : 0f",
            _ => "1f",
        };

        /// <summary>The kernel that turns the gradient of an activation's output into the gradient of its input, in place.</summary>
        public static GpuKernel BackwardKernel(FusedOp op) => new(
            op.Layer + "ActivationBackward",
            isForward: false,
            $"{op.Layer} backward through {Lowering.LayerDescriptions.ActivationName(op.Activation)}: dy = dy · act'(y), in place, one thread per element of [batch, {Dimensions(op.OutputShape)}].",
            new List<string> { "y", "dy" },
            writer =>
            {
                writer.Line("int index = i.X;");
                writer.Line("float v = y[index];");
                writer.Line($"dy[index] *= {DerivativeFromOutput(op.Activation, "v")};");
            });

        /// <summary>Launches <see cref="BackwardKernel"/> when the operation has an activation.</summary>
        public static void LaunchBackward(IndentedWriter writer, FusedOp op)
        {
            if (op.Activation != ActivationKind.Identity)
            {
                GpuLaunch.Write(
                    writer, op.Layer + "ActivationBackward", GpuLaunch.PerSample(op.OutputShape), TensorExpressions.ValueView(op.Y), TensorExpressions.GradientView(op.Y));
            }
        }
    }
}
