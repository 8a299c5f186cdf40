using System.Globalization;
using System.Linq;

namespace Strata.Generator.Model
{
    /// <summary>
    /// A per-sample tensor shape (no batch dimension), e.g. [6, 28, 28]. A sequence shape has a dynamic time dimension in
    /// front of <see cref="Dimensions"/>, which then describe one step: [T, 28]; for token ids they hold the vocabulary size.
    /// A sequence made from an image by <c>[ToSequence]</c> has a step count fixed at build time, <see cref="Steps"/>:
    /// [T=12, 24].
    /// </summary>
    internal sealed record Shape(EquatableArray<int> Dimensions, SequenceKind Sequence = SequenceKind.None)
    {
        public static Shape Of(params int[] dimensions) => new(dimensions.ToEquatableArray());

        /// <summary>
        /// The number of steps of a sequence whose length is known at build time (the columns or pixels of an image
        /// after <c>[ToSequence]</c>); 0 when the time dimension is dynamic, as for <c>[Input(Sequence, ...)]</c>, or
        /// when there is none. <c>with</c> keeps it, so a layer that maps each step keeps the count.
        /// </summary>
        public int Steps { get; init; }

        /// <summary>
        /// The time axis of a sequence whose length is dynamic: null for the first input's (<c>steps</c>), or the name of
        /// the second input whose steps it has (<c>target</c>: <c>targetSteps</c> and the plan's <c>TargetLengths</c>).
        /// <c>with</c> keeps it; two sequences on different axes are different shapes.
        /// </summary>
        public string? Time { get; init; }

        /// <summary>Whether the shape is a sequence whose step count is fixed at build time.</summary>
        public bool HasStaticSteps => IsSequence && Steps > 0;

        public int Rank => Dimensions.Count;

        public int this[int axis] => Dimensions[axis];

        /// <summary>The element count; shape rules only build shapes whose count fits an int.</summary>
        public int Elements => Dimensions.Aggregate(1, (product, dimension) => checked(product * dimension));

        public bool IsSequence => Sequence != SequenceKind.None;

        public override string ToString() => Sequence switch
        {
            SequenceKind.Features => "[T" + (Time is null ? string.Empty : "(" + Time + ")") + (Steps > 0 ? "=" + Steps.ToString(CultureInfo.InvariantCulture) : string.Empty) + ", " + string.Join(", ", Dimensions) + "]",
            SequenceKind.Tokens => "[T" + (Time is null ? string.Empty : "(" + Time + ")") + "] token ids < " + Dimensions[0].ToString(CultureInfo.InvariantCulture),
            _ => "[" + string.Join(", ", Dimensions) + "]",
        };

        /// <summary>The shape with a leading batch dimension, as the runtime tensors see it: [batch, 6, 28, 28].</summary>
        public string ToBatchString(string batch) =>
            "[" + string.Join(", ", new[] { batch }.Concat(Dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)))) + "]";
    }
}
