using System.Globalization;
using System.Linq;

namespace Strata.Generator.Model
{
    /// <summary>
    /// A per-sample tensor shape (no batch dimension), e.g. [6, 28, 28]. A sequence shape has a dynamic time dimension in
    /// front of <see cref="Dimensions"/>, which then describe one step: [T, 28]; for token ids they hold the vocabulary size.
    /// </summary>
    internal sealed record Shape(EquatableArray<int> Dimensions, SequenceKind Sequence = SequenceKind.None)
    {
        public static Shape Of(params int[] dimensions) => new(dimensions.ToEquatableArray());

        public int Rank => Dimensions.Count;

        public int this[int axis] => Dimensions[axis];

        /// <summary>The element count; shape rules only build shapes whose count fits an int.</summary>
        public int Elements => Dimensions.Aggregate(1, (product, dimension) => checked(product * dimension));

        public bool IsSequence => Sequence != SequenceKind.None;

        public override string ToString() => Sequence switch
        {
            SequenceKind.Features => "[T, " + string.Join(", ", Dimensions) + "]",
            SequenceKind.Tokens => "[T] token ids < " + Dimensions[0].ToString(CultureInfo.InvariantCulture),
            _ => "[" + string.Join(", ", Dimensions) + "]",
        };

        /// <summary>The shape with a leading batch dimension, as the runtime tensors see it: [batch, 6, 28, 28].</summary>
        public string ToBatchString(string batch) =>
            "[" + string.Join(", ", new[] { batch }.Concat(Dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)))) + "]";
    }
}
