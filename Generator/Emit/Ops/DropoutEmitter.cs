using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Ops
{
    /// <summary>
    /// Calls of the runtime's dropout: a new mask per training forward, the same mask in backward. On the GPU the mask is
    /// drawn on the host with the CPU's generator and copied, so both devices drop the same elements for the same seed.
    /// </summary>
    internal static class DropoutEmitter
    {
        public static void Forward(IndentedWriter writer, FusedOp op, Target target)
        {
            var hostMask = target == Target.Gpu ? $"plan.{DropoutNames.HostMask(op.Layer)}, " : string.Empty;
            writer.Line(
                $"{target.Kernel("Dropout")}.Forward(plan.{DropoutNames.Mask(op.Layer)}, {hostMask}{TensorExpressions.Value(op.X)}, " +
                $"{TensorExpressions.Value(op.Y)}, {Float(op.Probability)}, {DropoutNames.Random}, _isTraining);");
        }

        public static void Backward(IndentedWriter writer, FusedOp op, Target target) =>
            writer.Line(
                $"{target.Kernel("Dropout")}.Backward(plan.{DropoutNames.Mask(op.Layer)}, {TensorExpressions.Gradient(op.Y)}, " +
                $"{TensorExpressions.Gradient(op.X)});");
    }
}
