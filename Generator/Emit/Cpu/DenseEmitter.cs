using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Cpu
{
    /// <summary>Calls of the runtime's CPU dense layer (packed GEMM, bias and activation in the epilogue).</summary>
    internal static class DenseEmitter
    {
        public static void Forward(IndentedWriter writer, FusedOp op) =>
            writer.Line(
                $"{TypeNames.Cpu}.DenseCpu.Forward<{ActivationTypes.Of(op.Activation)}>({Sizes(op)}, {TensorExpressions.Value(op.X)}, " +
                $"{op.Field}Weight.Value, {(op.HasBias ? op.Field + "Bias.Value" : "null")}, {TensorExpressions.Value(op.Y)}, _workspace);");

        public static void Backward(IndentedWriter writer, FusedOp op) =>
            writer.Line(
                $"{TypeNames.Cpu}.DenseCpu.Backward<{ActivationTypes.Of(op.Activation)}>({Sizes(op)}, {TensorExpressions.Value(op.X)}, " +
                $"{op.Field}Weight.Value, {TensorExpressions.Value(op.Y)}, {TensorExpressions.Gradient(op.Y)}, " +
                $"{CpuPathEmitter.InputGradientArgument(op)}, {op.Field}Weight.Grad, {(op.HasBias ? op.Field + "Bias.Grad" : "null")}, _workspace);");

        private static string Sizes(FusedOp op) => $"batch, {Int(op.InputShape[0])}, {Int(op.OutputShape[0])}";
    }
}
