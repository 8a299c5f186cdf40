using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// <c>[Input(Sequence, features)]</c> → [T, features] and <c>[Input(Sequence, Tokens, vocab)]</c> → [T] token ids;
    /// Sequence is −1 and Tokens −2 (<c>Strata.Dims</c>).
    /// </summary>
    internal static class SequenceInput
    {
        public const int Sequence = -1;
        public const int Tokens = -2;

        /// <summary>Whether the dimensions use a sequence marker anywhere.</summary>
        public static bool IsSequence(IReadOnlyList<LayerArgument> dimensions) =>
            dimensions.Any(d => d.Value == Sequence || d.Value == Tokens);

        /// <summary>The shape, or null with what is wrong (the tail of a STRATA0041 message) and where.</summary>
        public static Shape? Read(IReadOnlyList<LayerArgument> dimensions, out string? problem, out SourceLocation? location)
        {
            problem = null;
            location = null;
            for (var i = 0; i < dimensions.Count; i++)
            {
                var value = dimensions[i].Value;
                if ((value == Sequence && i != 0) || (value == Tokens && i != 1) || (value < 1 && value != Sequence && value != Tokens))
                {
                    location = dimensions[i].Location;
                    problem = value == Sequence
                        ? "has Sequence at position " + (i + 1) + ", but the time dimension must come first"
                        : value == Tokens
                            ? "has Tokens at position " + (i + 1) + ", but Tokens must directly follow Sequence"
                            : "has dimension " + (i + 1) + " = " + value + ", but sizes must be at least 1";
                    return null;
                }
            }

            location = dimensions[dimensions.Count - 1].Location;
            if (dimensions.Count < 2)
            {
                problem = "gives no size per step after Sequence";
                return null;
            }

            if (dimensions[1].Value == Tokens)
            {
                if (dimensions.Count != 3)
                {
                    problem = dimensions.Count == 2 ? "has Tokens without a vocabulary size" : "has more than one vocabulary size after Tokens";
                    return null;
                }

                return new Shape(EquatableArray.Create(dimensions[2].Value), SequenceKind.Tokens);
            }

            if (dimensions.Count != 2)
            {
                problem = "has " + (dimensions.Count - 1) + " dimensions per step, but each step must be one feature vector";
                return null;
            }

            return new Shape(EquatableArray.Create(dimensions[1].Value), SequenceKind.Features);
        }
    }
}
