using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Cpu
{
    /// <summary>Calls of the runtime's CPU dropout: a new mask per training forward, the same mask in backward.</summary>
    internal static class DropoutEmitter
    {
        public static void Forward(IndentedWriter writer, FusedOp op) =>
            writer.Line(
                $"{TypeNames.Cpu}.DropoutCpu.Forward(plan.{DropoutNames.Mask(op.Layer)}, {TensorExpressions.Value(op.X)}, " +
                $"{TensorExpressions.Value(op.Y)}, {Float(op.Probability)}, {DropoutNames.Random}, _isTraining);");

        public static void Backward(IndentedWriter writer, FusedOp op) =>
            writer.Line(
                $"{TypeNames.Cpu}.DropoutCpu.Backward(plan.{DropoutNames.Mask(op.Layer)}, {TensorExpressions.Gradient(op.Y)}, " +
                $"{TensorExpressions.Gradient(op.X)});");
    }
}
