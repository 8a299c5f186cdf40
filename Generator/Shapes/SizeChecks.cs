using System.Globalization;
using System.Linq;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>The argument and size checks that every layer kind shares.</summary>
    internal static class SizeChecks
    {
        /// <summary>The largest tensor the runtime can hold (its lengths are ints).</summary>
        public const long MaxElements = int.MaxValue;

        /// <summary>Reports a size, kernel or stride below 1; <paramref name="hint"/> ends the message (may be empty).</summary>
        public static bool IsPositive(ShapeContext context, LayerArgument argument, string parameter, string hint)
        {
            if (argument.Value >= 1)
            {
                return true;
            }

            context.Report(DiagnosticDescriptors.NonPositiveHyperparameter, argument.Location, context.KindName, context.Layer.Name, parameter, argument.Value, hint);
            return false;
        }

        public static bool IsNotNegative(ShapeContext context, LayerArgument pad)
        {
            if (pad.Value >= 0)
            {
                return true;
            }

            context.Report(DiagnosticDescriptors.NegativePad, pad.Location, context.KindName, context.Layer.Name, pad.Value);
            return false;
        }

        /// <summary>
        /// Reports a tensor (<paramref name="what"/>, e.g. <c>weight</c>) whose <paramref name="dimensions"/> hold more
        /// elements than a runtime tensor can, at <paramref name="cause"/>: the argument that makes it too large, or the
        /// attribute when no argument was written. <paramref name="fix"/> ends the message.
        /// </summary>
        public static bool Fits(ShapeContext context, string what, long[] dimensions, LayerArgument? cause, string fix)
        {
            var elements = Product(dimensions);
            if (elements <= MaxElements)
            {
                return true;
            }

            var shape = "[" + string.Join(", ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
            return TooLarge(context, what + " " + shape, elements, cause, fix);
        }

        /// <summary>Reports a size that does not fit an int, already described in <paramref name="what"/>.</summary>
        public static bool TooLarge(ShapeContext context, string what, long elements, LayerArgument? cause, string fix)
        {
            context.Report(
                DiagnosticDescriptors.SizeTooLarge, cause?.Location ?? context.Layer.AttributeLocation, context.KindName, context.Layer.Name, what, elements, fix);
            return false;
        }

        /// <summary>
        /// The written argument with the largest value among <paramref name="arguments"/> (for a product of several
        /// of them, the one most worth reducing), or null when none was written.
        /// </summary>
        public static LayerArgument? Largest(params LayerArgument?[] arguments) =>
            arguments.Where(a => a is { IsExplicit: true }).OrderByDescending(a => a!.Value).FirstOrDefault();

        /// <summary>The product of the dimensions, saturating instead of overflowing.</summary>
        public static long Product(params long[] dimensions)
        {
            long product = 1;
            foreach (var dimension in dimensions)
            {
                product = dimension != 0 && product > long.MaxValue / dimension ? long.MaxValue : product * dimension;
            }

            return product;
        }
    }
}
