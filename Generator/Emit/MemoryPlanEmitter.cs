using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The nested <c>MemoryPlan</c>: every activation and gradient buffer for one batch size (and step count, for
    /// sequence models), allocated together and replaced only when they change, plus what each layer's definition asks
    /// for. Sequence models also get the <c>RecurrentState</c> that carries final states across batches of one size. The
    /// buffers come from a <c>ModelBuffers</c>, so what Forward and Backward return is lent: a caller's Dispose leaves it alone.
    /// </summary>
    internal static class MemoryPlanEmitter
    {
        public static void Emit(IndentedWriter writer, LoweredModel model)
        {
            var plan = new PlanWriter();
            foreach (var input in model.Inputs.Where(x => x.Need is not null))
            {
                plan.Tensor(input.GradientStem, Sizes(input.Shape), (model.Inputs.Count == 1 ? "the gradient of the input, " : $"the gradient of the input {input.Name}, ") + BatchShape(input.Shape));
                if (model.IsReadFlat(input))
                {
                    plan.FlatView(input.GradientStem + "Flat", input.GradientStem, input.Shape.Elements);
                }
            }

            foreach (var stem in model.Ops.SelectMany(op => op.Inputs).Where(x => x.Accumulates).Select(x => x.GradientStem).Distinct())
            {
                var shape = model.WithGradientStem(stem).Shape;
                plan.Tensor(stem + "Scratch", Sizes(shape), "where a second reader of the tensor writes its gradient before adding it");
                if (model.Ops.SelectMany(op => op.Inputs).Any(x => x.Accumulates && x.Flat && x.GradientStem == stem))
                {
                    plan.FlatView(stem + "ScratchFlat", stem + "Scratch", shape.Elements);
                }
            }

            foreach (var op in model.Ops)
            {
                var output = op.Y.OutputBuffer;
                plan.Tensor(output, Sizes(op.Y.Shape), $"the output of {op.Layer}, {BatchShape(op.Y.Shape)}");
                if (!op.Y.IsModelOutput)
                {
                    plan.Tensor(output + "Grad", Sizes(op.Y.Shape), $"the gradient of {op.Layer}'s output");
                }

                if (model.IsReadFlat(op.Y))
                {
                    plan.FlatView(output + "Flat", output, op.Y.Shape.Elements);
                    if (!op.Y.IsModelOutput)
                    {
                        plan.FlatView(output + "GradFlat", output + "Grad", op.Y.Shape.Elements);
                    }
                }

                op.Definition.DeclareBuffers(plan, op);
            }

            var sizes = new List<(string Property, string Parameter)> { ("Batch", "batch") };
            var times = new List<string?>();
            if (model.IsSequence)
            {
                sizes.Add(("Steps", "steps"));
                times.Add(null);
            }

            if (model.SecondInput is { } second)
            {
                // The second input's time axis: its own step count and lengths.
                sizes.Add((OpWriter.StepsField(second.Name), second.Name + "Steps"));
                times.Add(second.Name);
            }

            using (writer.Block("private sealed class MemoryPlan : global::System.IDisposable"))
            {
                writer.Line($"private readonly {TypeNames.ModelBuffers} _buffers;");
                writer.Line();
                using (writer.Block($"public MemoryPlan({TypeNames.Device} device, {string.Join(", ", sizes.Select(s => "int " + s.Parameter))})"))
                {
                    writer.Line($"_buffers = new {TypeNames.ModelBuffers}(device);");
                    foreach (var size in sizes)
                    {
                        writer.Line($"{size.Property} = {size.Parameter};");
                    }

                    foreach (var time in times)
                    {
                        writer.Line($"{OpWriter.LengthsField(time)} = new int[batch];");
                    }

                    foreach (var line in plan.Constructor)
                    {
                        writer.Line(line);
                    }
                }

                foreach (var size in sizes)
                {
                    writer.Line();
                    writer.Line($"public int {size.Property} {{ get; }}");
                }

                foreach (var time in times)
                {
                    writer.Line();
                    writer.Line($"/// <summary>Each sequence's valid length, all {OpWriter.StepsField(time)} unless Forward was given lengths.</summary>");
                    writer.Line($"public int[] {OpWriter.LengthsField(time)} {{ get; }}");
                }

                Members(writer, plan.Members);
                writer.Line();
                if (plan.Disposables.Count == 0)
                {
                    writer.Line("public void Dispose() => _buffers.Dispose();");
                }
                else
                {
                    using (writer.Block("public void Dispose()"))
                    {
                        writer.Line("_buffers.Dispose();");
                        foreach (var member in plan.Disposables)
                        {
                            writer.Line($"{member}.Dispose();");
                        }
                    }
                }
            }

            if (model.HasState)
            {
                writer.Line();
                EmitState(writer, model);
            }
        }

        private static void EmitState(IndentedWriter writer, LoweredModel model)
        {
            var state = new PlanWriter();
            foreach (var op in model.Ops)
            {
                op.Definition.DeclareState(state, op);
            }

            using (writer.Block("private sealed class RecurrentState : global::System.IDisposable"))
            {
                writer.Line($"private readonly {TypeNames.ModelBuffers} _buffers;");
                writer.Line();
                using (writer.Block($"public RecurrentState({TypeNames.Device} device, int batch)"))
                {
                    writer.Line($"_buffers = new {TypeNames.ModelBuffers}(device);");
                    writer.Line("Batch = batch;");
                    foreach (var line in state.Constructor)
                    {
                        writer.Line(line);
                    }
                }

                writer.Line();
                writer.Line("public int Batch { get; }");
                Members(writer, state.Members);
                writer.Line();
                writer.Line("public void Dispose() => _buffers.Dispose();");
            }
        }

        /// <summary>The per-call sizes of a tensor: <c>batch, …</c>, or <c>batch, steps, …</c> for one with a time dimension.</summary>
        public static string Sizes(Shape shape) => (shape.IsSequence ? "batch, " + OpWriter.Steps(shape) + ", " : "batch, ") + Dimensions(shape);

        private static string BatchShape(Shape shape) => "[" + Sizes(shape) + "]";

        private static void Members(IndentedWriter writer, IReadOnlyList<string[]> members)
        {
            foreach (var member in members)
            {
                writer.Line();
                foreach (var line in member)
                {
                    writer.Line(line);
                }
            }
        }
    }
}
