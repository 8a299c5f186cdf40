using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit.Ops
{
    /// <summary>
    /// The Forward and Backward bodies of each device: one runtime call per fused operation, every size a literal,
    /// buffers from the memory plan. The CPU and GPU bodies are the same calls of each device's kernels.
    /// </summary>
    internal static class PathEmitter
    {
        public static void Emit(IndentedWriter writer, LoweredModel model, Target target)
        {
            using (writer.Block($"private void Forward{target}({TypeNames.Tensor} input, MemoryPlan plan, int batch)"))
            {
                foreach (var op in model.Ops)
                {
                    OpComments.Write(writer, op);
                    switch (op.Kind)
                    {
                        case LayerKind.Conv: ConvEmitter.Forward(writer, op, target); break;
                        case LayerKind.Dense: DenseEmitter.Forward(writer, op, target); break;
                        case LayerKind.Dropout: DropoutEmitter.Forward(writer, op, target); break;
                        case LayerKind.MaxPool:
                        case LayerKind.AvgPool: PoolEmitter.Forward(writer, op, target); break;
                        default: throw Unsupported(op);
                    }
                }
            }

            writer.Line();
            using (writer.Block(
                       $"private void Backward{target}({TypeNames.Tensor} input, {TypeNames.Tensor} gradOutput, MemoryPlan plan, int batch, bool inputGradient)"))
            {
                var first = true;
                foreach (var op in model.Ops.Reverse())
                {
                    if (!first)
                    {
                        writer.Line();
                    }

                    first = false;
                    OpComments.Write(writer, op);
                    switch (op.Kind)
                    {
                        case LayerKind.Conv: ConvEmitter.Backward(writer, op, target); break;
                        case LayerKind.Dense: DenseEmitter.Backward(writer, op, target); break;
                        case LayerKind.Dropout: WhenInputGradientNeeded(writer, op, () => DropoutEmitter.Backward(writer, op, target)); break;
                        case LayerKind.MaxPool:
                        case LayerKind.AvgPool: WhenInputGradientNeeded(writer, op, () => PoolEmitter.Backward(writer, op, target)); break;
                        default: throw Unsupported(op);
                    }
                }
            }
        }

        /// <summary>A kind this emitter has no call for: a Strata bug, reported as STRATA0022 by the stage, never another layer's call.</summary>
        private static System.NotSupportedException Unsupported(FusedOp op) =>
            new($"no {nameof(PathEmitter)} call is written for layer kind '{op.Kind}' of '{op.Layer}'");

        /// <summary>The dx argument of a conv or dense backward: null when nothing upstream needs it.</summary>
        public static string InputGradientArgument(FusedOp op) =>
            op.InputGradient == InputGradientNeed.Always
                ? TensorExpressions.Gradient(op.X)
                : "inputGradient ? " + TensorExpressions.Gradient(op.X) + " : null";

        /// <summary>
        /// Pooling and dropout have no parameters: their backward only matters for the gradient of their input, so it
        /// is skipped when nothing upstream needs that.
        /// </summary>
        private static void WhenInputGradientNeeded(IndentedWriter writer, FusedOp op, System.Action writeCall)
        {
            if (op.InputGradient == InputGradientNeed.Always)
            {
                writeCall();
                return;
            }

            using (writer.Block("if (inputGradient)"))
            {
                writeCall();
            }
        }
    }
}
