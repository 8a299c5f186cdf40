using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Cpu
{
    /// <summary>Calls of the runtime's CPU convolution (im2col + packed GEMM, bias and activation in the epilogue).</summary>
    internal static class ConvEmitter
    {
        public static void Forward(IndentedWriter writer, FusedOp op) =>
            writer.Line(
                $"{TypeNames.Cpu}.Conv2dCpu.Forward<{ActivationTypes.Of(op.Activation)}>({Geometry(op)}, " +
                $"{TensorExpressions.Value(op.X)}, {op.Field}Weight.Value, {(op.HasBias ? op.Field + "Bias.Value" : "null")}, " +
                $"{TensorExpressions.Value(op.Y)}, _workspace);");

        public static void Backward(IndentedWriter writer, FusedOp op) =>
            writer.Line(
                $"{TypeNames.Cpu}.Conv2dCpu.Backward<{ActivationTypes.Of(op.Activation)}>({Geometry(op)}, " +
                $"{TensorExpressions.Value(op.X)}, {op.Field}Weight.Value, {TensorExpressions.Value(op.Y)}, " +
                $"{TensorExpressions.Gradient(op.Y)}, {CpuPathEmitter.InputGradientArgument(op)}, {op.Field}Weight.Grad, " +
                $"{(op.HasBias ? op.Field + "Bias.Grad" : "null")}, _workspace);");

        private static string Geometry(FusedOp op)
        {
            var input = op.InputShape;
            var output = op.OutputShape;
            return $"new {TypeNames.Cpu}.ConvGeometry(batch, {Int(input[0])}, {Int(input[1])}, {Int(input[2])}, {Int(output[0])}, " +
                   $"{Int(op.KernelHeight)}, {Int(op.KernelWidth)}, {Int(op.Stride)}, {Int(op.Pad)}, {Int(output[1])}, {Int(output[2])})";
        }
    }
}
