using System.Collections.Generic;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Gpu
{
    /// <summary>Code fragments every kernel shares: index decomposition, flat offsets and window bounds.</summary>
    internal static class KernelCode
    {
        /// <summary>
        /// Splits the thread index into coordinates, innermost last: <c>(n, c, h, w)</c> over sizes
        /// <c>(_, C, H, W)</c> with literal divisors. The outermost size is never needed.
        /// </summary>
        public static void Decompose(IndentedWriter writer, IReadOnlyList<string> names, IReadOnlyList<int> sizes)
        {
            writer.Line("int index = i.X;");
            if (names.Count == 1)
            {
                writer.Line($"int {names[0]} = index;");
                return;
            }

            var last = names.Count - 1;
            writer.Line($"int {names[last]} = index % {Int(sizes[last])};");
            if (names.Count == 2)
            {
                writer.Line($"int {names[0]} = index / {Int(sizes[last])};");
                return;
            }

            writer.Line($"int rest = index / {Int(sizes[last])};");
            for (var axis = last - 1; axis > 0; axis--)
            {
                writer.Line($"int {names[axis]} = rest % {Int(sizes[axis])};");
                writer.Line(axis > 1 ? $"rest /= {Int(sizes[axis])};" : $"int {names[0]} = rest / {Int(sizes[axis])};");
            }
        }

        /// <summary>The row-major offset of coordinates in a tensor of the given sizes: <c>((n * C + c) * H + h) * W + w</c>.</summary>
        public static string Offset(IReadOnlyList<string> names, IReadOnlyList<int> sizes)
        {
            var offset = names[0];
            for (var axis = 1; axis < names.Count; axis++)
            {
                offset = axis == 1 ? $"{offset} * {Int(sizes[axis])} + {names[axis]}" : $"({offset}) * {Int(sizes[axis])} + {names[axis]}";
            }

            return offset;
        }

        /// <summary>The input coordinate that window position <paramref name="tap"/> of output <paramref name="output"/> reads: <c>o * s − p + k</c>.</summary>
        public static string InputCoordinate(string output, string tap, int stride, int pad)
        {
            var scaled = stride == 1 ? output : $"{output} * {Int(stride)}";
            return pad == 0 ? $"{scaled} + {tap}" : $"{scaled} - {Int(pad)} + {tap}";
        }

        /// <summary>The first input coordinate of the window of output <paramref name="output"/>: <c>o * s − p</c>.</summary>
        public static string WindowStart(string output, int stride, int pad)
        {
            var scaled = stride == 1 ? output : $"{output} * {Int(stride)}";
            return pad == 0 ? scaled : $"{scaled} - {Int(pad)}";
        }

        /// <summary>
        /// Declares the output coordinate whose window reads input coordinate <paramref name="input"/> at window position
        /// <paramref name="tap"/>, skipping the loop iteration when there is none (the gather form of a backward pass).
        /// </summary>
        public static void OutputCoordinate(IndentedWriter writer, string name, string input, string tap, int stride, int pad, int outputSize)
        {
            var shifted = pad == 0 ? $"{input} - {tap}" : $"{input} + {Int(pad)} - {tap}";
            if (stride == 1)
            {
                writer.Line($"int {name} = {shifted};");
                SkipIf(writer, $"{name} < 0 || {name} >= {Int(outputSize)}");
                return;
            }

            writer.Line($"int {name}Scaled = {shifted};");
            SkipIf(writer, $"{name}Scaled < 0 || {name}Scaled % {Int(stride)} != 0");
            writer.Line($"int {name} = {name}Scaled / {Int(stride)};");
            SkipIf(writer, $"{name} >= {Int(outputSize)}");
        }

        /// <summary>Skips the rest of the loop body when the condition holds.</summary>
        public static void SkipIf(IndentedWriter writer, string condition)
        {
            using (writer.Block($"if ({condition})"))
            {
                writer.Line("continue;");
            }
        }
    }
}
