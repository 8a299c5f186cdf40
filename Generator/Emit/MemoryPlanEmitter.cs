using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The nested <c>MemoryPlan</c> class: every activation and gradient buffer of one batch size, each sized
    /// <c>perSample * batch</c>, allocated together and replaced only when the batch size changes. The buffers come from
    /// a <c>ModelBuffers</c>, so what Forward and Backward return is borrowed: a caller's Dispose leaves it alone.
    /// </summary>
    internal static class MemoryPlanEmitter
    {
        public static void Emit(IndentedWriter writer, LoweredModel model)
        {
            using (writer.Block("private sealed class MemoryPlan : global::System.IDisposable"))
            {
                writer.Line($"private readonly {TypeNames.ModelBuffers} _buffers;");
                writer.Line();
                using (writer.Block($"public MemoryPlan({TypeNames.Device} device, int batch)"))
                {
                    writer.Line($"_buffers = new {TypeNames.ModelBuffers}(device);");
                    writer.Line("Batch = batch;");
                    writer.Line($"InputGrad = _buffers.Allocate(batch, {Dimensions(model.Input)});");
                    if (model.InputGradientFlat)
                    {
                        writer.Line($"InputGradFlat = InputGrad.Reshape(batch, {Int(model.Input.Elements)});");
                    }

                    foreach (var buffer in model.Buffers)
                    {
                        var output = buffer.Producer + "Output";
                        writer.Line($"{output} = _buffers.Allocate(batch, {Dimensions(buffer.Shape)});");
                        if (buffer.HasGradient)
                        {
                            writer.Line($"{output}Grad = _buffers.Allocate(batch, {Dimensions(buffer.Shape)});");
                        }

                        if (IsDropout(model, buffer))
                        {
                            var mask = DropoutNames.Mask(buffer.Producer);
                            writer.Line($"{mask} = _buffers.Allocate(batch, {Dimensions(buffer.Shape)});");
                            writer.Line($"{DropoutNames.HostMask(buffer.Producer)} = device.IsGpu ? new float[{mask}.Length] : global::System.Array.Empty<float>();");
                        }

                        if (buffer.HasFlatView)
                        {
                            writer.Line($"{output}Flat = {output}.Reshape(batch, {Int(buffer.Shape.Elements)});");
                            if (buffer.HasGradient)
                            {
                                writer.Line($"{output}GradFlat = {output}Grad.Reshape(batch, {Int(buffer.Shape.Elements)});");
                            }
                        }
                    }
                }

                writer.Line();
                writer.Line("public int Batch { get; }");
                Property(writer, "InputGrad", model.Input, flat: false);
                if (model.InputGradientFlat)
                {
                    Property(writer, "InputGradFlat", model.Input, flat: true);
                }

                foreach (var buffer in model.Buffers)
                {
                    var output = buffer.Producer + "Output";
                    Property(writer, output, buffer.Shape, flat: false);
                    if (buffer.HasGradient)
                    {
                        Property(writer, output + "Grad", buffer.Shape, flat: false);
                    }

                    if (IsDropout(model, buffer))
                    {
                        Property(writer, DropoutNames.Mask(buffer.Producer), buffer.Shape, flat: false);
                        writer.Line();
                        writer.Line("/// <summary>The mask drawn on the host before it is copied to the GPU; empty on the CPU.</summary>");
                        writer.Line($"public float[] {DropoutNames.HostMask(buffer.Producer)} {{ get; }}");
                    }

                    if (buffer.HasFlatView)
                    {
                        Property(writer, output + "Flat", buffer.Shape, flat: true);
                        if (buffer.HasGradient)
                        {
                            Property(writer, output + "GradFlat", buffer.Shape, flat: true);
                        }
                    }
                }

                writer.Line();
                writer.Line("public void Dispose() => _buffers.Dispose();");
            }
        }

        private static bool IsDropout(LoweredModel model, PlanBuffer buffer) =>
            model.Ops.Any(op => op.Layer == buffer.Producer && op.Kind == LayerKind.Dropout);

        private static void Property(IndentedWriter writer, string name, Shape shape, bool flat)
        {
            writer.Line();
            writer.Line($"/// <summary>{(flat ? "A view as " + "[batch, " + Int(shape.Elements) + "]" : shape.ToBatchString("batch"))}.</summary>");
            writer.Line($"public {TypeNames.Tensor} {name} {{ get; }}");
        }
    }
}
