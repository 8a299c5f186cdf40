using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Ops
{
    /// <summary>Calls of the runtime's dense layer (GEMM, bias and activation in the epilogue) on either device.</summary>
    internal static class DenseEmitter
    {
        public static void Forward(IndentedWriter writer, FusedOp op, Target target) =>
            writer.Line(
                $"{target.Kernel("Dense")}.Forward{target.GenericActivation(op.Activation)}({Sizes(op)}, {target.ActivationArgument(op.Activation)}" +
                $"{TensorExpressions.Value(op.X)}, {op.Field}Weight.Value, {(op.HasBias ? op.Field + "Bias.Value" : "null")}, " +
                $"{TensorExpressions.Value(op.Y)}{target.Workspace()});");

        public static void Backward(IndentedWriter writer, FusedOp op, Target target) =>
            writer.Line(
                $"{target.Kernel("Dense")}.Backward{target.GenericActivation(op.Activation)}({Sizes(op)}, {target.ActivationArgument(op.Activation)}" +
                $"{TensorExpressions.Value(op.X)}, {op.Field}Weight.Value, {TensorExpressions.Value(op.Y)}, {TensorExpressions.Gradient(op.Y)}, " +
                $"{PathEmitter.InputGradientArgument(op)}, {op.Field}Weight.Grad, {(op.HasBias ? op.Field + "Bias.Grad" : "null")}{target.Workspace()});");

        private static string Sizes(FusedOp op) => $"batch, {Int(op.InputShape[0])}, {Int(op.OutputShape[0])}";
    }
}
