using System.Collections.Generic;
using System.Globalization;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// The output size of a window sliding over height and width, as PyTorch computes it:
    /// <c>floor((F_in − k + 2p)/s) + 1</c>. Shared by convolution and pooling.
    /// </summary>
    internal static class SlidingWindow
    {
        /// <summary>
        /// The output height and width, or null after reporting a collapsed output. Notes (an Info) when the stride leaves rows
        /// or columns of the padded input unused.
        /// </summary>
        public static (int Height, int Width)? Output(
            ShapeContext context, int kernelHeight, int kernelWidth, int stride, int pad, LayerArgument heightArgument, LayerArgument widthArgument, int channels)
        {
            var input = context.Input;

            // The generated kernels index the padded input with ints; only the padding can make it too large.
            var padArgument = context.Layer.Pad;
            if (!FitsPadded(context, "height", input[1], pad) || !FitsPadded(context, "width", input[2], pad))
            {
                return null;
            }

            var height = Size(input[1], kernelHeight, pad, stride);
            if (height < 1)
            {
                ReportCollapse(context, heightArgument, "height", input[1], kernelHeight, pad, stride, height);
                return null;
            }

            var width = Size(input[2], kernelWidth, pad, stride);
            if (width < 1)
            {
                ReportCollapse(context, widthArgument, "width", input[2], kernelWidth, pad, stride, width);
                return null;
            }

            if (height > int.MaxValue || width > int.MaxValue)
            {
                SizeChecks.Fits(context, "output", new[] { channels, height, width }, padArgument, "use less padding");
                return null;
            }

            NoteDroppedEdges(context, kernelHeight, kernelWidth, stride, pad, Shape.Of(channels, (int)height, (int)width));
            return ((int)height, (int)width);
        }

        private static bool FitsPadded(ShapeContext context, string dimension, int input, int pad)
        {
            var padded = input + (2L * pad);
            return padded <= SizeChecks.MaxElements
                || SizeChecks.TooLarge(
                    context,
                    string.Format(CultureInfo.InvariantCulture, "padded input {0} {1} + 2·{2}", dimension, input, pad),
                    padded,
                    context.Layer.Pad,
                    "use less padding");
        }

        private static long Size(long input, long kernel, long pad, long stride) => FloorDivide(input - kernel + (2 * pad), stride) + 1;

        private static long FloorDivide(long numerator, long denominator)
        {
            var quotient = numerator / denominator;
            return numerator % denominator != 0 && (numerator < 0) != (denominator < 0) ? quotient - 1 : quotient;
        }

        private static string Formula(long input, long kernel, long pad, long stride) =>
            string.Format(CultureInfo.InvariantCulture, "floor(({0} − {1} + 2·{2})/{3}) + 1", input, kernel, pad, stride);

        private static void ReportCollapse(
            ShapeContext context, LayerArgument argument, string dimension, long input, long kernel, long pad, long stride, long size) =>
            context.Report(
                DiagnosticDescriptors.OutputCollapses,
                argument.Location,
                context.KindName,
                context.Layer.Name,
                context.Input,
                dimension,
                Formula(input, kernel, pad, stride),
                size);

        private static void NoteDroppedEdges(ShapeContext context, int kernelHeight, int kernelWidth, int stride, int pad, Shape output)
        {
            var input = context.Input;
            var droppedRows = ((long)input[1] - kernelHeight + (2L * pad)) % stride;
            var droppedColumns = ((long)input[2] - kernelWidth + (2L * pad)) % stride;
            if (droppedRows == 0 && droppedColumns == 0)
            {
                return;
            }

            var parts = new List<string>();
            var reasons = new List<string>();
            if (droppedRows != 0)
            {
                parts.Add(Count(droppedRows, "row", "rows"));
                reasons.Add(Remainder(input[1], kernelHeight, pad, stride));
            }

            if (droppedColumns != 0)
            {
                parts.Add(Count(droppedColumns, "column", "columns"));
                if (droppedRows == 0 || input[1] != input[2] || kernelHeight != kernelWidth)
                {
                    reasons.Add(Remainder(input[2], kernelWidth, pad, stride));
                }
            }

            var location = context.Layer.Stride is { IsExplicit: true } strideArgument ? strideArgument.Location : context.Layer.AttributeLocation;
            context.Report(
                DiagnosticDescriptors.StrideDropsRows,
                location,
                context.KindName,
                context.Layer.Name,
                context.Input,
                output,
                string.Join(" and ", parts),
                string.Join(" and ", reasons));
        }

        private static string Count(long count, string singular, string plural) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural);

        private static string Remainder(long input, long kernel, long pad, long stride) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "{0} − {1} + 2·{2} = {3} is not a multiple of the stride {4}",
                input,
                kernel,
                pad,
                input - kernel + (2 * pad),
                stride);
    }
}
