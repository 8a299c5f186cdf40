using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Ops
{
    /// <summary>Calls of the runtime's max and average pooling on either device, followed by the activation in place when there is one.</summary>
    internal static class PoolEmitter
    {
        public static void Forward(IndentedWriter writer, FusedOp op, Target target)
        {
            var x = TensorExpressions.Value(op.X);
            var y = TensorExpressions.Value(op.Y);
            var pool = target.Kernel("Pool2d");
            writer.Line(op.Kind == LayerKind.MaxPool
                ? $"{pool}.MaxForward({Geometry(op)}, {x}, {y});"
                : $"{pool}.AvgForward({Geometry(op)}, {CountIncludePad(op)}, {x}, {y});");
            if (op.Activation != ActivationKind.Identity)
            {
                writer.Line($"{target.Kernel("Activation")}.ForwardInPlace{target.GenericActivation(op.Activation)}({target.ActivationArgument(op.Activation)}{y});");
            }
        }

        public static void Backward(IndentedWriter writer, FusedOp op, Target target)
        {
            var dy = TensorExpressions.Gradient(op.Y);
            var dx = TensorExpressions.Gradient(op.X);
            var pool = target.Kernel("Pool2d");
            if (op.Activation != ActivationKind.Identity)
            {
                writer.Line(
                    $"{target.Kernel("Activation")}.BackwardInPlace{target.GenericActivation(op.Activation)}({target.ActivationArgument(op.Activation)}" +
                    $"{TensorExpressions.Value(op.Y)}, {dy});");
            }

            writer.Line(op.Kind == LayerKind.MaxPool
                ? $"{pool}.MaxBackward({Geometry(op)}, {TensorExpressions.Value(op.X)}, {dy}, {dx});"
                : $"{pool}.AvgBackward({Geometry(op)}, {CountIncludePad(op)}, {dy}, {dx});");
        }

        private static string CountIncludePad(FusedOp op) => op.CountIncludePad ? "true" : "false";

        private static string Geometry(FusedOp op)
        {
            var input = op.InputShape;
            var output = op.OutputShape;
            return $"new {TypeNames.Cpu}.PoolGeometry(batch, {Int(input[0])}, {Int(input[1])}, {Int(input[2])}, " +
                   $"{Int(op.KernelHeight)}, {Int(op.Stride)}, {Int(op.Pad)}, {Int(output[1])}, {Int(output[2])})";
        }
    }
}
