using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit.Cpu
{
    /// <summary>
    /// The CPU Forward and Backward bodies: one runtime call per fused operation, every size a literal, buffers from
    /// the memory plan.
    /// </summary>
    internal static class CpuPathEmitter
    {
        public static void Emit(IndentedWriter writer, LoweredModel model)
        {
            using (writer.Block($"private void ForwardCpu({TypeNames.Tensor} input, MemoryPlan plan, int batch)"))
            {
                foreach (var op in model.Ops)
                {
                    OpComments.Write(writer, op);
                    switch (op.Kind)
                    {
                        case OpKind.Conv: ConvEmitter.Forward(writer, op); break;
                        case OpKind.Dense: DenseEmitter.Forward(writer, op); break;
                        case OpKind.Dropout: DropoutEmitter.Forward(writer, op); break;
                        default: PoolEmitter.Forward(writer, op); break;
                    }
                }
            }

            writer.Line();
            using (writer.Block(
                       $"private void BackwardCpu({TypeNames.Tensor} input, {TypeNames.Tensor} gradOutput, MemoryPlan plan, int batch, bool inputGradient)"))
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
                    if (op.HasParameters)
                    {
                        if (op.Kind == OpKind.Conv)
                        {
                            ConvEmitter.Backward(writer, op);
                        }
                        else
                        {
                            DenseEmitter.Backward(writer, op);
                        }

                        continue;
                    }

                    // Pooling and dropout have no parameters: their backward only matters for the gradient of their input.
                    if (op.InputGradient == InputGradientNeed.Always)
                    {
                        InputGradient(writer, op);
                    }
                    else
                    {
                        using (writer.Block("if (inputGradient)"))
                        {
                            InputGradient(writer, op);
                        }
                    }
                }
            }
        }

        private static void InputGradient(IndentedWriter writer, FusedOp op)
        {
            if (op.Kind == OpKind.Dropout)
            {
                DropoutEmitter.Backward(writer, op);
            }
            else
            {
                PoolEmitter.Backward(writer, op);
            }
        }

        /// <summary>The dx argument of a conv or dense backward: null when nothing upstream needs it.</summary>
        public static string InputGradientArgument(FusedOp op) =>
            op.InputGradient == InputGradientNeed.Always
                ? TensorExpressions.Gradient(op.X)
                : "inputGradient ? " + TensorExpressions.Gradient(op.X) + " : null";
    }
}
