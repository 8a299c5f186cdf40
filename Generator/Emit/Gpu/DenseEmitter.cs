using System.Collections.Generic;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>
    /// Dense kernels with literal sizes: forward (one thread per output, bias and activation fused), and for backward
    /// dx = dz·w (one thread per input), dw = dzᵀ·x (one thread per weight) and db = Σ dz (one thread per output).
    /// </summary>
    internal static class DenseEmitter
    {
        public static IEnumerable<GpuKernel> Kernels(FusedOp op)
        {
            yield return Forward(op);
            if (op.Activation != ActivationKind.Identity)
            {
                yield return ActivationEmitter.BackwardKernel(op);
            }

            yield return InputGradient(op);
            yield return WeightGradient(op);
            if (op.HasBias)
            {
                yield return BiasGradient(op);
            }
        }

        public static void LaunchForward(IndentedWriter writer, FusedOp op)
        {
            var arguments = new List<string> { TensorExpressions.ValueView(op.X), op.Field + "Weight.Value.View" };
            if (op.HasBias)
            {
                arguments.Add(op.Field + "Bias.Value.View");
            }

            arguments.Add(TensorExpressions.ValueView(op.Y));
            GpuLaunch.Write(writer, op.Layer + "Forward", GpuLaunch.PerSample(op.OutputShape), arguments.ToArray());
        }

        public static void LaunchBackward(IndentedWriter writer, FusedOp op)
        {
            var dy = TensorExpressions.GradientView(op.Y);
            ActivationEmitter.LaunchBackward(writer, op);
            GpuPathEmitter.WhenInputGradientNeeded(writer, op, () => GpuLaunch.Write(
                writer, op.Layer + "InputGradient", GpuLaunch.PerSample(op.InputShape), dy, op.Field + "Weight.Value.View", TensorExpressions.GradientView(op.X)));
            GpuLaunch.Write(
                writer, op.Layer + "WeightGradient", Int(In(op) * Out(op)), "batch", TensorExpressions.ValueView(op.X), dy, op.Field + "Weight.Grad.View");
            if (op.HasBias)
            {
                GpuLaunch.Write(writer, op.Layer + "BiasGradient", Int(Out(op)), "batch", dy, op.Field + "Bias.Grad.View");
            }
        }

        private static int In(FusedOp op) => op.InputShape[0];

        private static int Out(FusedOp op) => op.OutputShape[0];

        private static GpuKernel Forward(FusedOp op)
        {
            var parameters = op.HasBias ? new List<string> { "x", "w", "b", "y" } : new List<string> { "x", "w", "y" };
            var activation = op.Activation == ActivationKind.Identity ? "" : Lowering.LayerDescriptions.ActivationName(op.Activation) + "(";
            var summary = $"{op.Layer} forward: y = {activation}x·wᵀ{(op.HasBias ? " + b" : "")}{(activation.Length > 0 ? ")" : "")}, " +
                          $"one thread per element of y [batch, {Int(Out(op))}].";
            return new GpuKernel(op.Layer + "Forward", isForward: true, summary, parameters, writer =>
            {
                KernelCode.Decompose(writer, new[] { "n", "o" }, new[] { 0, Out(op) });
                writer.Line(op.HasBias ? "float sum = b[o];" : "float sum = 0f;");
                writer.Line($"int row = n * {Int(In(op))};");
                writer.Line($"int weights = o * {Int(In(op))};");
                using (writer.Block($"for (int k = 0; k < {Int(In(op))}; k++)"))
                {
                    writer.Line("sum += x[row + k] * w[weights + k];");
                }

                writer.Line($"y[index] = {ActivationEmitter.Apply(op.Activation, "sum")};");
            });
        }

        private static GpuKernel InputGradient(FusedOp op) => new(
            op.Layer + "InputGradient",
            isForward: false,
            $"{op.Layer} backward: dx = dy·w with dy the gradient before the activation, one thread per element of dx [batch, {Int(In(op))}].",
            new List<string> { "dy", "w", "dx" },
            writer =>
            {
                KernelCode.Decompose(writer, new[] { "n", "k" }, new[] { 0, In(op) });
                writer.Line("float sum = 0f;");
                writer.Line($"int row = n * {Int(Out(op))};");
                using (writer.Block($"for (int o = 0; o < {Int(Out(op))}; o++)"))
                {
                    writer.Line($"sum += dy[row + o] * w[o * {Int(In(op))} + k];");
                }

                writer.Line("dx[index] = sum;");
            });

        private static GpuKernel WeightGradient(FusedOp op) => new(
            op.Layer + "WeightGradient",
            isForward: false,
            $"{op.Layer} backward: dw = dyᵀ·x over the batch, one thread per element of dw [{Int(Out(op))}, {Int(In(op))}].",
            new List<string> { GpuKernel.BatchParameter, "x", "dy", "dw" },
            writer =>
            {
                KernelCode.Decompose(writer, new[] { "o", "k" }, new[] { 0, In(op) });
                writer.Line("float sum = 0f;");
                using (writer.Block("for (int n = 0; n < batch; n++)"))
                {
                    writer.Line($"sum += dy[n * {Int(Out(op))} + o] * x[n * {Int(In(op))} + k];");
                }

                writer.Line("dw[index] = sum;");
            });

        private static GpuKernel BiasGradient(FusedOp op) => new(
            op.Layer + "BiasGradient",
            isForward: false,
            $"{op.Layer} backward: db = dy summed over the batch, one thread per output.",
            new List<string> { GpuKernel.BatchParameter, "dy", "db" },
            writer =>
            {
                writer.Line("int o = i.X;");
                writer.Line("float sum = 0f;");
                using (writer.Block("for (int n = 0; n < batch; n++)"))
                {
                    writer.Line($"sum += dy[n * {Int(Out(op))} + o];");
                }

                writer.Line("db[o] = sum;");
            });
    }
}
