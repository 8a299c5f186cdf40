using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Cpu
{
    /// <summary>Calls of the runtime's CPU max and average pooling, followed by the activation in place when there is one.</summary>
    internal static class PoolEmitter
    {
        public static void Forward(IndentedWriter writer, FusedOp op)
        {
            var x = TensorExpressions.Value(op.X);
            var y = TensorExpressions.Value(op.Y);
            writer.Line(op.Kind == OpKind.MaxPool
                ? $"{TypeNames.Cpu}.Pool2dCpu.MaxForward({Geometry(op)}, {x}, {y});"
                : $"{TypeNames.Cpu}.Pool2dCpu.AvgForward({Geometry(op)}, {CountIncludePad(op)}, {x}, {y});");
            if (op.Activation != ActivationKind.Identity)
            {
                writer.Line($"{TypeNames.Cpu}.ActivationCpu.ForwardInPlace<{ActivationTypes.Of(op.Activation)}>({y});");
            }
        }

        public static void Backward(IndentedWriter writer, FusedOp op)
        {
            var dy = TensorExpressions.Gradient(op.Y);
            var dx = TensorExpressions.Gradient(op.X);
            if (op.Activation != ActivationKind.Identity)
            {
                writer.Line($"{TypeNames.Cpu}.ActivationCpu.BackwardInPlace<{ActivationTypes.Of(op.Activation)}>({TensorExpressions.Value(op.Y)}, {dy});");
            }

            writer.Line(op.Kind == OpKind.MaxPool
                ? $"{TypeNames.Cpu}.Pool2dCpu.MaxBackward({Geometry(op)}, {TensorExpressions.Value(op.X)}, {dy}, {dx});"
                : $"{TypeNames.Cpu}.Pool2dCpu.AvgBackward({Geometry(op)}, {CountIncludePad(op)}, {dy}, {dx});");
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
