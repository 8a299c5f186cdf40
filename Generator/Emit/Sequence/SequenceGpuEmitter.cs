using System.Linq;
using Strata.Generator.Emit.Ops;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Sequence.SequenceTensors;

namespace Strata.Generator.Emit.Sequence
{
    /// <summary>
    /// The GPU Forward and Backward bodies of a sequence model: the same calls as the CPU path, to the runtime's
    /// RecurrentGpu (one per layer and direction) and SequenceGpu drivers, whose kernels load once per accelerator.
    /// </summary>
    internal static class SequenceGpuEmitter
    {
        private const string Recurrent = "global::Strata.Gpu.RecurrentGpu";
        private const string Layers = "global::Strata.Gpu.SequenceGpu";

        public static void Emit(IndentedWriter writer, SequenceModel model)
        {
            using (writer.Block($"private void ForwardGpu({TypeNames.Tensor} input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)"))
            {
                foreach (var op in model.Ops)
                {
                    writer.Line($"// {op.Layer}");
                    Forward(writer, op);
                }
            }

            writer.Line();
            using (writer.Block(
                       $"private void BackwardGpu({TypeNames.Tensor} input, {TypeNames.Tensor} gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)"))
            {
                foreach (var op in model.Ops.Reverse())
                {
                    writer.Line($"// {op.Layer}");
                    Backward(writer, op);
                }
            }
        }

        private static void Forward(IndentedWriter writer, SequenceOp op)
        {
            switch (op.Kind)
            {
                case SequenceOpKind.Embedding:
                    writer.Line($"{Layers}.EmbeddingForward(batch * steps, {Int(op.InputSize)}, {Int(op.OutputSize)}, input, {op.Field}Weight.Value, {Output(op)});");
                    break;
                case SequenceOpKind.OneHot:
                    writer.Line($"{Layers}.OneHotForward(batch * steps, {Int(op.InputSize)}, input, {Output(op)});");
                    break;
                case SequenceOpKind.Dense:
                    writer.Line(
                        $"{Layers}.DenseForward({Rows(op)}, {Int(op.InputSize)}, {Int(op.OutputSize)}, {Activation(op)}, {Input(op)}, " +
                        $"{op.Field}Weight.Value, {(op.HasBias ? op.Field + "Bias.Value" : "null")}, {Output(op)});");
                    break;
                default:
                    for (var l = 0; l < op.Layers; l++)
                    {
                        var x = l == 0 ? Input(op) : LayerOutput(op, l - 1);
                        for (var d = 0; d < op.Directions; d++)
                        {
                            var h = "state?." + State(op, l, d, "H");
                            var c = "state?." + State(op, l, d, "C");
                            var states = op.Cell == LayerKind.Lstm
                                ? $"carried ? {h} : null, carried ? {c} : null, {h}, {c}"
                                : $"carried ? {h} : null, null, {h}, null";
                            writer.Line(
                                $"{Recurrent}.Forward({Cell(op)}, {SequenceCpuEmitter.Geometry(op, l)}, {x}, {op.Field}.Weights({Int(l)}, {Bool(d == 1)}), " +
                                $"{LayerOutput(op, l)}, plan.{Saved(op, l, d)}, plan.{Options(op, d)}, {states});");
                        }

                        if (DropsAfter(op, l))
                        {
                            // In place, as on the CPU; the mask is drawn on the host by the same generator.
                            var output = LayerOutput(op, l);
                            writer.Line(
                                $"{Layers}.DropoutForward(plan.{DropoutNames.Mask(MaskStem(op, l))}, plan.{DropoutNames.HostMask(MaskStem(op, l))}, {output}, {output}, " +
                                $"{Literals.Float(op.Dropout)}, {DropoutNames.Random}, _isTraining);");
                        }
                    }

                    if (!op.OutputPerStep)
                    {
                        writer.Line(
                            $"{Layers}.LastStepForward(batch, steps, {Int(op.Hidden)}, {Int(op.Directions)}, plan.Lengths, {LayerOutput(op, op.Layers - 1)}, {Output(op)});");
                    }

                    break;
            }
        }

        private static void Backward(IndentedWriter writer, SequenceOp op)
        {
            switch (op.Kind)
            {
                case SequenceOpKind.Embedding:
                    writer.Line($"{Layers}.EmbeddingBackward(batch * steps, {Int(op.InputSize)}, {Int(op.OutputSize)}, input, {OutputGradient(op)}, {op.Field}Weight.Grad);");
                    break;
                case SequenceOpKind.OneHot:
                    writer.Line("// No parameters, and token ids have no gradient.");
                    break;
                case SequenceOpKind.Dense:
                    writer.Line(
                        $"{Layers}.DenseBackward({Rows(op)}, {Int(op.InputSize)}, {Int(op.OutputSize)}, {Activation(op)}, {Input(op)}, " +
                        $"{op.Field}Weight.Value, {Output(op)}, {OutputGradient(op)}, {InputGradient(op)}, {op.Field}Weight.Grad, " +
                        $"{(op.HasBias ? op.Field + "Bias.Grad" : "null")});");
                    break;
                default:
                    if (!op.OutputPerStep)
                    {
                        writer.Line(
                            $"{Layers}.LastStepBackward(batch, steps, {Int(op.Hidden)}, {Int(op.Directions)}, plan.Lengths, {OutputGradient(op)}, " +
                            $"{LayerOutputGradient(op, op.Layers - 1)});");
                    }

                    for (var l = op.Layers - 1; l >= 0; l--)
                    {
                        var x = l == 0 ? Input(op) : LayerOutput(op, l - 1);
                        var dx = l == 0 ? InputGradient(op) : LayerOutputGradient(op, l - 1);
                        if (DropsAfter(op, l))
                        {
                            var gradient = LayerOutputGradient(op, l);
                            writer.Line($"{Layers}.DropoutBackward(plan.{DropoutNames.Mask(MaskStem(op, l))}, {gradient}, {gradient});");
                        }

                        for (var d = 0; d < op.Directions; d++)
                        {
                            writer.Line(
                                $"{Recurrent}.Backward({Cell(op)}, {SequenceCpuEmitter.Geometry(op, l)}, {x}, {op.Field}.Weights({Int(l)}, {Bool(d == 1)}), " +
                                $"plan.{Saved(op, l, d)}, {LayerOutputGradient(op, l)}, {op.Field}.WeightGradients({Int(l)}, {Bool(d == 1)}), " +
                                $"plan.{Options(op, d)}, null, null, {dx}, {Bool(d == 1)}, null, null);");
                        }
                    }

                    break;
            }
        }

        private static string Cell(SequenceOp op) => "global::Strata.Gpu.RecurrentCell." + op.Cell switch
        {
            LayerKind.Lstm => "Lstm",
            LayerKind.Gru => "Gru",
            _ => op.RnnRelu ? "RnnRelu" : "RnnTanh",
        };

        private static string Activation(SequenceOp op) => TargetExtensions.GpuActivation(op.Activation);

        private static string Rows(SequenceOp op) => op.InputPerStep ? "batch * steps" : "batch";

        private static string Bool(bool value) => value ? "true" : "false";
    }
}
