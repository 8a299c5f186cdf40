using System.Collections.Generic;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>
    /// Max and average pooling kernels with the CPU path's semantics: padded cells never win a max and the first
    /// maximum of a window takes the gradient; an average divides by the whole window, or by its cells inside the input
    /// without count_include_pad. Backward is a gather, one thread per input element, recomputing each window's argmax.
    /// </summary>
    internal static class PoolEmitter
    {
        public static IEnumerable<GpuKernel> Kernels(FusedOp op)
        {
            yield return Forward(op);
            if (op.Activation != ActivationKind.Identity)
            {
                yield return ActivationEmitter.BackwardKernel(op);
            }

            yield return InputGradient(op);
        }

        public static void LaunchForward(IndentedWriter writer, FusedOp op) =>
            GpuLaunch.Write(
                writer, op.Layer + "Forward", GpuLaunch.PerSample(op.OutputShape), TensorExpressions.ValueView(op.X), TensorExpressions.ValueView(op.Y));

        public static void LaunchBackward(IndentedWriter writer, FusedOp op) =>
            GpuPathEmitter.WhenInputGradientNeeded(writer, op, () =>
            {
                ActivationEmitter.LaunchBackward(writer, op);
                var arguments = op.Kind == OpKind.MaxPool
                    ? new[] { TensorExpressions.ValueView(op.X), TensorExpressions.GradientView(op.Y), TensorExpressions.GradientView(op.X) }
                    : new[] { TensorExpressions.GradientView(op.Y), TensorExpressions.GradientView(op.X) };
                GpuLaunch.Write(writer, op.Layer + "InputGradient", GpuLaunch.PerSample(op.InputShape), arguments);
            });

        private static GpuKernel Forward(FusedOp op)
        {
            var isMax = op.Kind == OpKind.MaxPool;
            var activation = op.Activation == ActivationKind.Identity ? "" : " then " + Lowering.LayerDescriptions.ActivationName(op.Activation);
            return new GpuKernel(
                op.Layer + "Forward",
                isForward: true,
                $"{op.Layer} forward: {(isMax ? "max" : "average")} of each {Int(op.KernelHeight)}×{Int(op.KernelWidth)} window{activation}, one thread per element of y [batch, {Dimensions(op.OutputShape)}].",
                new List<string> { "x", "y" },
                writer =>
                {
                    var (c, h, w) = (op.InputShape[0], op.InputShape[1], op.InputShape[2]);
                    var (oh, ow) = (op.OutputShape[1], op.OutputShape[2]);
                    KernelCode.Decompose(writer, new[] { "n", "c", "oh", "ow" }, new[] { 0, c, oh, ow });
                    writer.Line($"int plane = (n * {Int(c)} + c) * {Int(h * w)};");
                    string result;
                    if (isMax)
                    {
                        writer.Line("float best = float.NegativeInfinity;");
                        WindowLoop(writer, op, "oh", "ow", () =>
                        {
                            writer.Line($"float v = x[plane + ih * {Int(w)} + iw];");
                            using (writer.Block("if (v > best)"))
                            {
                                writer.Line("best = v;");
                            }
                        });
                        result = "best";
                    }
                    else
                    {
                        writer.Line("float sum = 0f;");
                        if (!op.CountIncludePad)
                        {
                            writer.Line("int count = 0;");
                        }

                        WindowLoop(writer, op, "oh", "ow", () =>
                        {
                            writer.Line($"sum += x[plane + ih * {Int(w)} + iw];");
                            if (!op.CountIncludePad)
                            {
                                writer.Line("count++;");
                            }
                        });
                        writer.Line(op.CountIncludePad
                            ? $"float mean = sum / {WindowSize(op)};"
                            : "float mean = sum / count;");
                        result = "mean";
                    }

                    writer.Line($"y[index] = {ActivationEmitter.Apply(op.Activation, result)};");
                });
        }

        private static GpuKernel InputGradient(FusedOp op)
        {
            var isMax = op.Kind == OpKind.MaxPool;
            return new GpuKernel(
                op.Layer + "InputGradient",
                isForward: false,
                isMax
                    ? $"{op.Layer} backward: each input element gathers dy of the windows whose first maximum it is, one thread per element of dx [batch, {Dimensions(op.InputShape)}]."
                    : $"{op.Layer} backward: each input element gathers dy / divisor of the windows it lies in, one thread per element of dx [batch, {Dimensions(op.InputShape)}].",
                isMax ? new List<string> { "x", "dy", "dx" } : new List<string> { "dy", "dx" },
                writer =>
                {
                    var (c, h, w) = (op.InputShape[0], op.InputShape[1], op.InputShape[2]);
                    var (oh, ow) = (op.OutputShape[1], op.OutputShape[2]);
                    KernelCode.Decompose(writer, new[] { "n", "c", "ih", "iw" }, new[] { 0, c, h, w });
                    if (isMax)
                    {
                        writer.Line($"int plane = (n * {Int(c)} + c) * {Int(h * w)};");
                    }

                    writer.Line("float sum = 0f;");
                    using (writer.Block($"for (int kh = 0; kh < {Int(op.KernelHeight)}; kh++)"))
                    {
                        KernelCode.OutputCoordinate(writer, "oh", "ih", "kh", op.Stride, op.Pad, oh);
                        using (writer.Block($"for (int kw = 0; kw < {Int(op.KernelWidth)}; kw++)"))
                        {
                            KernelCode.OutputCoordinate(writer, "ow", "iw", "kw", op.Stride, op.Pad, ow);
                            var gradient = $"dy[{KernelCode.Offset(new[] { "n", "c", "oh", "ow" }, new[] { 0, c, oh, ow })}]";
                            if (isMax)
                            {
                                WriteArgmax(writer, op, h, w);
                                using (writer.Block("if (bestH == ih && bestW == iw)"))
                                {
                                    writer.Line($"sum += {gradient};");
                                }
                            }
                            else if (op.CountIncludePad)
                            {
                                writer.Line($"sum += {gradient} / {WindowSize(op)};");
                            }
                            else
                            {
                                WriteInsideCount(writer, op, h, w);
                                writer.Line($"sum += {gradient} / count;");
                            }
                        }
                    }

                    writer.Line("dx[index] = sum;");
                });
        }

        /// <summary>Loops over the window of output (oh, ow), declaring the input coordinates ih and iw and skipping padding.</summary>
        private static void WindowLoop(IndentedWriter writer, FusedOp op, string outputRow, string outputColumn, System.Action body)
        {
            var (h, w) = (op.InputShape[1], op.InputShape[2]);
            using (writer.Block($"for (int kh = 0; kh < {Int(op.KernelHeight)}; kh++)"))
            {
                writer.Line($"int ih = {KernelCode.InputCoordinate(outputRow, "kh", op.Stride, op.Pad)};");
                SkipPadding(writer, op, "ih", h);
                using (writer.Block($"for (int kw = 0; kw < {Int(op.KernelWidth)}; kw++)"))
                {
                    writer.Line($"int iw = {KernelCode.InputCoordinate(outputColumn, "kw", op.Stride, op.Pad)};");
                    SkipPadding(writer, op, "iw", w);
                    body();
                }
            }
        }

        /// <summary>
        /// Recomputes the first maximum of window (oh, ow) as the forward pass found it: starting from the window's first
        /// cell inside the input, a later cell wins only when strictly greater.
        /// </summary>
        private static void WriteArgmax(IndentedWriter writer, FusedOp op, int h, int w)
        {
            writer.Line($"int top = {KernelCode.WindowStart("oh", op.Stride, op.Pad)};");
            writer.Line($"int left = {KernelCode.WindowStart("ow", op.Stride, op.Pad)};");
            writer.Line(op.Pad > 0 ? "int bestH = top < 0 ? 0 : top;" : "int bestH = top;");
            writer.Line(op.Pad > 0 ? "int bestW = left < 0 ? 0 : left;" : "int bestW = left;");
            writer.Line("float best = float.NegativeInfinity;");
            using (writer.Block($"for (int jh = 0; jh < {Int(op.KernelHeight)}; jh++)"))
            {
                writer.Line("int wh = top + jh;");
                SkipPadding(writer, op, "wh", h);
                using (writer.Block($"for (int jw = 0; jw < {Int(op.KernelWidth)}; jw++)"))
                {
                    writer.Line("int ww = left + jw;");
                    SkipPadding(writer, op, "ww", w);
                    writer.Line($"float v = x[plane + wh * {Int(w)} + ww];");
                    using (writer.Block("if (v > best)"))
                    {
                        writer.Line("best = v;");
                        writer.Line("bestH = wh;");
                        writer.Line("bestW = ww;");
                    }
                }
            }
        }

        /// <summary>The number of cells of window (oh, ow) inside the input: the divisor without count_include_pad.</summary>
        private static void WriteInsideCount(IndentedWriter writer, FusedOp op, int h, int w)
        {
            writer.Line($"int top = {KernelCode.WindowStart("oh", op.Stride, op.Pad)};");
            writer.Line($"int left = {KernelCode.WindowStart("ow", op.Stride, op.Pad)};");
            writer.Line($"int rows = (top + {Int(op.KernelHeight)} > {Int(h)} ? {Int(h)} : top + {Int(op.KernelHeight)}) - (top < 0 ? 0 : top);");
            writer.Line($"int columns = (left + {Int(op.KernelWidth)} > {Int(w)} ? {Int(w)} : left + {Int(op.KernelWidth)}) - (left < 0 ? 0 : left);");
            writer.Line("int count = rows * columns;");
        }

        /// <summary>The whole window's cell count as a float literal (a long product: large kernels must not wrap).</summary>
        private static string WindowSize(FusedOp op) =>
            ((long)op.KernelHeight * op.KernelWidth).ToString(System.Globalization.CultureInfo.InvariantCulture) + "f";

        private static void SkipPadding(IndentedWriter writer, FusedOp op, string coordinate, int size)
        {
            if (op.Pad > 0)
            {
                KernelCode.SkipIf(writer, $"{coordinate} < 0 || {coordinate} >= {Int(size)}");
            }
        }
    }
}
