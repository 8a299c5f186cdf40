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

        /// <summary>Reports a tensor of <paramref name="elements"/> elements that no runtime tensor can hold.</summary>
        public static bool Fits(ShapeContext context, string what, long elements)
        {
            if (elements <= MaxElements)
            {
                return true;
            }

            context.Report(DiagnosticDescriptors.SizeTooLarge, context.Layer.AttributeLocation, context.KindName, context.Layer.Name, what, elements);
            return false;
        }

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
