using System.Collections.Generic;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Sequence.SequenceTensors;

namespace Strata.Generator.Emit.Sequence
{
    /// <summary>
    /// The nested <c>MemoryPlan</c> of a sequence model, sized for one (batch, steps) and replaced only when either
    /// changes, and the <c>RecurrentState</c> that carries final states across batches of one size. Both take their
    /// tensors from a <c>ModelBuffers</c>, so what Forward and Backward return is borrowed: a caller's Dispose leaves it alone.
    /// </summary>
    internal static class SequencePlanEmitter
    {
        public static void Emit(IndentedWriter writer, SequenceModel model)
        {
            var members = new List<string[]>();
            using (writer.Block("private sealed class MemoryPlan : global::System.IDisposable"))
            {
                writer.Line($"private readonly {TypeNames.ModelBuffers} _buffers;");
                writer.Line();
                using (writer.Block($"public MemoryPlan({TypeNames.Device} device, int batch, int steps)"))
                {
                    writer.Line($"_buffers = new {TypeNames.ModelBuffers}(device);");
                    writer.Line("Batch = batch;");
                    writer.Line("Steps = steps;");
                    writer.Line("Lengths = new int[batch];");
                    if (!model.TokenInput)
                    {
                        Allocate(writer, members, "InputGrad", "batch, steps, " + Int(model.Input[0]), "[batch, steps, features]");
                    }

                    foreach (var op in model.Ops)
                    {
                        var size = (op.OutputPerStep ? "batch, steps, " : "batch, ") + Int(op.OutputSize);
                        Allocate(writer, members, op.Layer + "Output", size, "the output of " + op.Layer);
                        if (!op.IsOutput)
                        {
                            Allocate(writer, members, op.Layer + "OutputGrad", size, "the gradient of " + op.Layer + "'s output");
                        }

                        if (op.Kind != SequenceOpKind.Recurrent)
                        {
                            continue;
                        }

                        var width = "batch, steps, " + Int(op.Directions * op.Hidden);
                        for (var l = 0; l < op.Layers; l++)
                        {
                            if (!WritesOutput(op, l))
                            {
                                Allocate(writer, members, op.Layer + "L" + Int(l), width, $"the output sequence of {op.Layer}'s layer {l}");
                                Allocate(writer, members, op.Layer + "L" + Int(l) + "Grad", width, $"its gradient");
                            }

                            if (DropsAfter(op, l))
                            {
                                var mask = DropoutNames.Mask(MaskStem(op, l));
                                var host = DropoutNames.HostMask(MaskStem(op, l));
                                Allocate(writer, members, mask, width, $"the dropout mask on the output of {op.Layer}'s layer {l}: 0 or 1/(1 − p), or 1 in evaluation");
                                writer.Line($"{host} = device.IsGpu ? new float[{mask}.Length] : global::System.Array.Empty<float>();");
                                members.Add(new[] { "/// <summary>The host array a GPU mask is drawn into before it is copied.</summary>", $"public float[] {host} {{ get; }}" });
                            }

                            for (var d = 0; d < op.Directions; d++)
                            {
                                var length = $"{TypeNames.Cpu}.{SequenceCpuEmitter.Kernel(op)}.SavedLength({SequenceCpuEmitter.Geometry(op, l)})";
                                Allocate(writer, members, Saved(op, l, d), length, $"what layer {l}, direction {d} keeps for backward");
                            }
                        }

                        for (var d = 0; d < op.Directions; d++)
                        {
                            writer.Line(
                                $"{Options(op, d)} = new {TypeNames.Cpu}.RecurrentOptions {{ Reverse = {(d == 1 ? "true" : "false")}, Lengths = Lengths, " +
                                $"OutputWidth = {Int(op.Directions * op.Hidden)}, OutputOffset = {Int(d * op.Hidden)} }};");
                            members.Add(new[] { $"public {TypeNames.Cpu}.RecurrentOptions {Options(op, d)} {{ get; }}" });
                        }
                    }
                }

                writer.Line();
                writer.Line("public int Batch { get; }");
                writer.Line();
                writer.Line("public int Steps { get; }");
                writer.Line();
                writer.Line("/// <summary>Each sequence's valid length, all Steps unless Forward was given lengths.</summary>");
                writer.Line("public int[] Lengths { get; }");
                foreach (var member in members)
                {
                    writer.Line();
                    foreach (var line in member)
                    {
                        writer.Line(line);
                    }
                }

                writer.Line();
                writer.Line("public void Dispose() => _buffers.Dispose();");
            }

            writer.Line();
            EmitState(writer, model);
        }

        private static void EmitState(IndentedWriter writer, SequenceModel model)
        {
            var states = new List<string>();
            using (writer.Block("private sealed class RecurrentState : global::System.IDisposable"))
            {
                writer.Line($"private readonly {TypeNames.ModelBuffers} _buffers;");
                writer.Line();
                using (writer.Block($"public RecurrentState({TypeNames.Device} device, int batch)"))
                {
                    writer.Line($"_buffers = new {TypeNames.ModelBuffers}(device);");
                    writer.Line("Batch = batch;");
                    foreach (var op in model.Ops)
                    {
                        if (op.Kind != SequenceOpKind.Recurrent)
                        {
                            continue;
                        }

                        for (var l = 0; l < op.Layers; l++)
                        {
                            for (var d = 0; d < op.Directions; d++)
                            {
                                foreach (var which in op.Cell == LayerKind.Lstm ? new[] { "H", "C" } : new[] { "H" })
                                {
                                    var name = State(op, l, d, which);
                                    writer.Line($"{name} = _buffers.Allocate(batch, {Int(op.Hidden)});");
                                    states.Add(name);
                                }
                            }
                        }
                    }
                }

                writer.Line();
                writer.Line("public int Batch { get; }");
                foreach (var name in states)
                {
                    writer.Line();
                    writer.Line($"public {TypeNames.Tensor} {name} {{ get; }}");
                }

                writer.Line();
                writer.Line("public void Dispose() => _buffers.Dispose();");
            }
        }

        private static void Allocate(IndentedWriter writer, List<string[]> members, string name, string size, string summary)
        {
            writer.Line($"{name} = _buffers.Allocate({size});");
            members.Add(new[] { $"/// <summary>{Literals.Xml(summary)}.</summary>", $"public {TypeNames.Tensor} {name} {{ get; }}" });
        }
    }
}
