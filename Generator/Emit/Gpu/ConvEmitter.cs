using System.Collections.Generic;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>
    /// Direct convolution kernels with every size a literal: forward (one thread per output element, bias and activation
    /// fused), and for backward the gradients of the input (a gather, one thread per input element), the weights (one
    /// thread per weight) and the bias (one thread per channel).
    /// </summary>
    internal static class ConvEmitter
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
                writer, op.Layer + "WeightGradient", Int(WeightShape(op).Elements), "batch", TensorExpressions.ValueView(op.X), dy, op.Field + "Weight.Grad.View");
            if (op.HasBias)
            {
                GpuLaunch.Write(writer, op.Layer + "BiasGradient", Int(op.OutputShape[0]), "batch", dy, op.Field + "Bias.Grad.View");
            }
        }

        private static Shape WeightShape(FusedOp op) => Shape.Of(op.OutputShape[0], op.InputShape[0], op.KernelHeight, op.KernelWidth);

        private static GpuKernel Forward(FusedOp op)
        {
            var parameters = op.HasBias ? new List<string> { "x", "w", "b", "y" } : new List<string> { "x", "w", "y" };
            var activation = op.Activation == ActivationKind.Identity ? "" : Lowering.LayerDescriptions.ActivationName(op.Activation) + "(";
            var summary = $"{op.Layer} forward: y = {activation}conv(x, w){(op.HasBias ? " + b" : "")}{(activation.Length > 0 ? ")" : "")}, " +
                          $"one thread per element of y [batch, {Dimensions(op.OutputShape)}].";
            return new GpuKernel(op.Layer + "Forward", isForward: true, summary, parameters, writer =>
            {
                var (c, h, w) = (op.InputShape[0], op.InputShape[1], op.InputShape[2]);
                var (oc, oh, ow) = (op.OutputShape[0], op.OutputShape[1], op.OutputShape[2]);
                KernelCode.Decompose(writer, new[] { "n", "oc", "oh", "ow" }, new[] { 0, oc, oh, ow });
                writer.Line(op.HasBias ? "float sum = b[oc];" : "float sum = 0f;");
                using (writer.Block($"for (int c = 0; c < {Int(c)}; c++)"))
                using (writer.Block($"for (int kh = 0; kh < {Int(op.KernelHeight)}; kh++)"))
                {
                    writer.Line($"int ih = {KernelCode.InputCoordinate("oh", "kh", op.Stride, op.Pad)};");
                    SkipPadding(writer, op, "ih", h);
                    using (writer.Block($"for (int kw = 0; kw < {Int(op.KernelWidth)}; kw++)"))
                    {
                        writer.Line($"int iw = {KernelCode.InputCoordinate("ow", "kw", op.Stride, op.Pad)};");
                        SkipPadding(writer, op, "iw", w);
                        writer.Line($"sum += x[{KernelCode.Offset(new[] { "n", "c", "ih", "iw" }, new[] { 0, c, h, w })}] * " +
                                    $"w[{KernelCode.Offset(new[] { "oc", "c", "kh", "kw" }, new[] { 0, c, op.KernelHeight, op.KernelWidth })}];");
                    }
                }

                writer.Line($"y[index] = {ActivationEmitter.Apply(op.Activation, "sum")};");
            });
        }

        private static GpuKernel InputGradient(FusedOp op) => new(
            op.Layer + "InputGradient",
            isForward: false,
            $"{op.Layer} backward: dx = the transposed convolution of dy (the gradient before the activation) with w, one thread per element of dx [batch, {Dimensions(op.InputShape)}].",
            new List<string> { "dy", "w", "dx" },
            writer =>
            {
                var (c, h, w) = (op.InputShape[0], op.InputShape[1], op.InputShape[2]);
                var (oc, oh, ow) = (op.OutputShape[0], op.OutputShape[1], op.OutputShape[2]);
                KernelCode.Decompose(writer, new[] { "n", "c", "ih", "iw" }, new[] { 0, c, h, w });
                writer.Line("float sum = 0f;");
                using (writer.Block($"for (int oc = 0; oc < {Int(oc)}; oc++)"))
                using (writer.Block($"for (int kh = 0; kh < {Int(op.KernelHeight)}; kh++)"))
                {
                    KernelCode.OutputCoordinate(writer, "oh", "ih", "kh", op.Stride, op.Pad, oh);
                    using (writer.Block($"for (int kw = 0; kw < {Int(op.KernelWidth)}; kw++)"))
                    {
                        KernelCode.OutputCoordinate(writer, "ow", "iw", "kw", op.Stride, op.Pad, ow);
                        writer.Line($"sum += dy[{KernelCode.Offset(new[] { "n", "oc", "oh", "ow" }, new[] { 0, oc, oh, ow })}] * " +
                                    $"w[{KernelCode.Offset(new[] { "oc", "c", "kh", "kw" }, new[] { 0, c, op.KernelHeight, op.KernelWidth })}];");
                    }
                }

                writer.Line("dx[index] = sum;");
            });

        private static GpuKernel WeightGradient(FusedOp op) => new(
            op.Layer + "WeightGradient",
            isForward: false,
            $"{op.Layer} backward: dw = the correlation of x with dy over the batch, one thread per element of dw [{Dimensions(WeightShape(op))}].",
            new List<string> { GpuKernel.BatchParameter, "x", "dy", "dw" },
            writer =>
            {
                var (c, h, w) = (op.InputShape[0], op.InputShape[1], op.InputShape[2]);
                var (oc, oh, ow) = (op.OutputShape[0], op.OutputShape[1], op.OutputShape[2]);
                KernelCode.Decompose(writer, new[] { "oc", "c", "kh", "kw" }, new[] { 0, c, op.KernelHeight, op.KernelWidth });
                writer.Line("float sum = 0f;");
                using (writer.Block("for (int n = 0; n < batch; n++)"))
                using (writer.Block($"for (int oh = 0; oh < {Int(oh)}; oh++)"))
                {
                    writer.Line($"int ih = {KernelCode.InputCoordinate("oh", "kh", op.Stride, op.Pad)};");
                    SkipPadding(writer, op, "ih", h);
                    using (writer.Block($"for (int ow = 0; ow < {Int(ow)}; ow++)"))
                    {
                        writer.Line($"int iw = {KernelCode.InputCoordinate("ow", "kw", op.Stride, op.Pad)};");
                        SkipPadding(writer, op, "iw", w);
                        writer.Line($"sum += dy[{KernelCode.Offset(new[] { "n", "oc", "oh", "ow" }, new[] { 0, oc, oh, ow })}] * " +
                                    $"x[{KernelCode.Offset(new[] { "n", "c", "ih", "iw" }, new[] { 0, c, h, w })}];");
                    }
                }

                writer.Line("dw[index] = sum;");
            });

        private static GpuKernel BiasGradient(FusedOp op) => new(
            op.Layer + "BiasGradient",
            isForward: false,
            $"{op.Layer} backward: db = dy summed over the batch and the positions, one thread per output channel.",
            new List<string> { GpuKernel.BatchParameter, "dy", "db" },
            writer =>
            {
                var (oc, plane) = (op.OutputShape[0], op.OutputShape[1] * op.OutputShape[2]);
                writer.Line("int oc = i.X;");
                writer.Line("float sum = 0f;");
                using (writer.Block("for (int n = 0; n < batch; n++)"))
                {
                    writer.Line($"int start = (n * {Int(oc)} + oc) * {Int(plane)};");
                    using (writer.Block($"for (int p = 0; p < {Int(plane)}; p++)"))
                    {
                        writer.Line("sum += dy[start + p];");
                    }
                }

                writer.Line("db[oc] = sum;");
            });

        /// <summary>Without padding every window lies inside the input, so the bounds check is left out.</summary>
        private static void SkipPadding(IndentedWriter writer, FusedOp op, string coordinate, int size)
        {
            if (op.Pad > 0)
            {
                KernelCode.SkipIf(writer, $"{coordinate} < 0 || {coordinate} >= {Int(size)}");
            }
        }
    }
}
