using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Ops
{
    /// <summary>Calls of the runtime's convolution (bias and activation in the epilogue) on either device.</summary>
    internal static class ConvEmitter
    {
        public static void Forward(IndentedWriter writer, FusedOp op, Target target) =>
            writer.Line(
                $"{target.Kernel("Conv2d")}.Forward{target.GenericActivation(op.Activation)}({Geometry(op)}, {target.ActivationArgument(op.Activation)}" +
                $"{TensorExpressions.Value(op.X)}, {op.Field}Weight.Value, {(op.HasBias ? op.Field + "Bias.Value" : "null")}, " +
                $"{TensorExpressions.Value(op.Y)}{target.Workspace()});");

        public static void Backward(IndentedWriter writer, FusedOp op, Target target) =>
            writer.Line(
                $"{target.Kernel("Conv2d")}.Backward{target.GenericActivation(op.Activation)}({Geometry(op)}, {target.ActivationArgument(op.Activation)}" +
                $"{TensorExpressions.Value(op.X)}, {op.Field}Weight.Value, {TensorExpressions.Value(op.Y)}, " +
                $"{TensorExpressions.Gradient(op.Y)}, {PathEmitter.InputGradientArgument(op)}, {op.Field}Weight.Grad, " +
                $"{(op.HasBias ? op.Field + "Bias.Grad" : "null")}{target.Workspace()});");

        private static string Geometry(FusedOp op)
        {
            var input = op.InputShape;
            var output = op.OutputShape;
            return $"new {TypeNames.Cpu}.ConvGeometry(batch, {Int(input[0])}, {Int(input[1])}, {Int(input[2])}, {Int(output[0])}, " +
                   $"{Int(op.KernelHeight)}, {Int(op.KernelWidth)}, {Int(op.Stride)}, {Int(op.Pad)}, {Int(output[1])}, {Int(output[2])})";
        }
    }
}
