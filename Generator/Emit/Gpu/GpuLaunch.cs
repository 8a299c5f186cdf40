using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>Launch statements in the generated GpuForward/GpuBackward methods, whose loaded kernels are in <c>kernels</c>.</summary>
    internal static class GpuLaunch
    {
        public static void Write(IndentedWriter writer, string kernel, string extent, params string[] arguments) =>
            writer.Line($"kernels.{kernel}({extent}, {string.Join(", ", arguments)});");

        /// <summary>An extent of one thread per element of a [batch, ..shape] tensor.</summary>
        public static string PerSample(Model.Shape shape) => "batch * " + Int(shape.Elements);
    }
}
