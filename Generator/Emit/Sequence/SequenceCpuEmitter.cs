using System.Linq;
using Strata.Generator.Emit.Ops;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Sequence.SequenceTensors;

namespace Strata.Generator.Emit.Sequence
{
    /// <summary>
    /// The CPU Forward and Backward bodies of a sequence model: calls of the runtime's recurrent, dense, embedding,
    /// one-hot and last-step kernels, one per (layer, direction) for recurrent layers. Backward is truncated BPTT: no
    /// gradient flows into a carried initial state.
    /// </summary>
    internal static class SequenceCpuEmitter
    {
        public static void Emit(IndentedWriter writer, SequenceModel model)
        {
            using (writer.Block($"private void ForwardCpu({TypeNames.Tensor} input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)"))
            {
                foreach (var op in model.Ops)
                {
                    writer.Line($"// {op.Layer}");
                    Forward(writer, op);
                }
            }

            writer.Line();
            using (writer.Block(
                       $"private void BackwardCpu({TypeNames.Tensor} input, {TypeNames.Tensor} gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)"))
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
            var cpu = TypeNames.Cpu;
            switch (op.Kind)
            {
                case SequenceOpKind.Embedding:
                    writer.Line($"{cpu}.EmbeddingCpu.Forward(batch * steps, {Int(op.InputSize)}, {Int(op.OutputSize)}, input, {op.Field}Weight.Value, {Output(op)});");
                    break;
                case SequenceOpKind.OneHot:
                    writer.Line($"{cpu}.OneHotCpu.Forward(batch * steps, {Int(op.InputSize)}, input, {Output(op)});");
                    break;
                case SequenceOpKind.Dense:
                    writer.Line(
                        $"{cpu}.DenseCpu.Forward<{TargetExtensions.ActivationStruct(op.Activation)}>({Rows(op)}, {Int(op.InputSize)}, {Int(op.OutputSize)}, {Input(op)}, " +
                        $"{op.Field}Weight.Value, {(op.HasBias ? op.Field + "Bias.Value" : "null")}, {Output(op)}, _workspace);");
                    break;
                default:
                    for (var l = 0; l < op.Layers; l++)
                    {
                        var x = l == 0 ? Input(op) : LayerOutput(op, l - 1);
                        for (var d = 0; d < op.Directions; d++)
                        {
                            var h = "state?." + State(op, l, d, "H");
                            var states = op.Cell == LayerKind.Lstm
                                ? $"carried ? {h} : null, carried ? state?.{State(op, l, d, "C")} : null, {h}, state?.{State(op, l, d, "C")}"
                                : $"carried ? {h} : null, {h}";
                            writer.Line(
                                $"{cpu}.{Kernel(op)}.Forward{Generic(op)}({Geometry(op, l)}, {x}, {op.Field}.Weights({Int(l)}, {Bool(d == 1)}), " +
                                $"{LayerOutput(op, l)}, plan.{Saved(op, l, d)}, _workspace, plan.{Options(op, d)}, {states});");
                        }

                        if (DropsAfter(op, l))
                        {
                            // In place: a layer's backward reads what it saved, never its output.
                            var output = LayerOutput(op, l);
                            writer.Line(
                                $"{cpu}.DropoutCpu.Forward(plan.{DropoutNames.Mask(MaskStem(op, l))}, {output}, {output}, {Literals.Float(op.Dropout)}, " +
                                $"{DropoutNames.Random}, _isTraining);");
                        }
                    }

                    if (!op.OutputPerStep)
                    {
                        writer.Line(
                            $"{cpu}.LastStepCpu.Forward(batch, steps, {Int(op.Hidden)}, {Int(op.Directions)}, plan.Lengths, {LayerOutput(op, op.Layers - 1)}, {Output(op)});");
                    }

                    break;
            }
        }

        private static void Backward(IndentedWriter writer, SequenceOp op)
        {
            var cpu = TypeNames.Cpu;
            switch (op.Kind)
            {
                case SequenceOpKind.Embedding:
                    writer.Line($"{cpu}.EmbeddingCpu.Backward(batch * steps, {Int(op.InputSize)}, {Int(op.OutputSize)}, input, {OutputGradient(op)}, {op.Field}Weight.Grad);");
                    break;
                case SequenceOpKind.OneHot:
                    writer.Line("// No parameters, and token ids have no gradient.");
                    break;
                case SequenceOpKind.Dense:
                    writer.Line(
                        $"{cpu}.DenseCpu.Backward<{TargetExtensions.ActivationStruct(op.Activation)}>({Rows(op)}, {Int(op.InputSize)}, {Int(op.OutputSize)}, {Input(op)}, " +
                        $"{op.Field}Weight.Value, {Output(op)}, {OutputGradient(op)}, {InputGradient(op)}, {op.Field}Weight.Grad, " +
                        $"{(op.HasBias ? op.Field + "Bias.Grad" : "null")}, _workspace);");
                    break;
                default:
                    if (!op.OutputPerStep)
                    {
                        writer.Line(
                            $"{cpu}.LastStepCpu.Backward(batch, steps, {Int(op.Hidden)}, {Int(op.Directions)}, plan.Lengths, {OutputGradient(op)}, " +
                            $"{LayerOutputGradient(op, op.Layers - 1)});");
                    }

                    for (var l = op.Layers - 1; l >= 0; l--)
                    {
                        var x = l == 0 ? Input(op) : LayerOutput(op, l - 1);
                        var dx = l == 0 ? InputGradient(op) : LayerOutputGradient(op, l - 1);
                        if (DropsAfter(op, l))
                        {
                            var gradient = LayerOutputGradient(op, l);
                            writer.Line($"{cpu}.DropoutCpu.Backward(plan.{DropoutNames.Mask(MaskStem(op, l))}, {gradient}, {gradient});");
                        }

                        for (var d = 0; d < op.Directions; d++)
                        {
                            var states = op.Cell == LayerKind.Lstm ? "null, null" : "null";
                            var tail = op.Cell == LayerKind.Lstm ? "null, null" : "null";
                            writer.Line(
                                $"{cpu}.{Kernel(op)}.Backward{Generic(op)}({Geometry(op, l)}, {x}, {op.Field}.Weights({Int(l)}, {Bool(d == 1)}), " +
                                $"plan.{Saved(op, l, d)}, {LayerOutputGradient(op, l)}, {op.Field}.WeightGradients({Int(l)}, {Bool(d == 1)}), _workspace, " +
                                $"plan.{Options(op, d)}, {states}, {dx}, {Bool(d == 1)}, {tail});");
                        }
                    }

                    break;
            }
        }

        public static string Kernel(SequenceOp op) => op.Cell switch
        {
            LayerKind.Lstm => "LstmCpu",
            LayerKind.Gru => "GruCpu",
            _ => "RnnCpu",
        };

        private static string Generic(SequenceOp op) =>
            op.Cell == LayerKind.Rnn ? "<" + TypeNames.Cpu + (op.RnnRelu ? ".ReluActivation>" : ".TanhActivation>") : string.Empty;

        public static string Geometry(SequenceOp op, int layer) =>
            $"new {TypeNames.Cpu}.RecurrentGeometry(batch, steps, {Int(layer == 0 ? op.InputSize : op.Directions * op.Hidden)}, {Int(op.Hidden)})";

        private static string Rows(SequenceOp op) => op.InputPerStep ? "batch * steps" : "batch";

        private static string Bool(bool value) => value ? "true" : "false";
    }
}
