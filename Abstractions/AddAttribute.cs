using System;

namespace Strata
{
    /// <summary>
    /// Adds the outputs of two earlier layers, element by element, as a residual connection does:
    /// <c>[Add(nameof(C1), nameof(C2)), Relu] public partial Add Sum { get; }</c>. Both must have the same shape; the
    /// layers named may be any declared before this one, so a layer's output can feed several others (its gradient is
    /// the sum of theirs). Write the names with <c>nameof</c>, so the compiler checks them.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class AddAttribute : LayerAttribute
    {
        /// <summary>Adds the outputs of the layers named <paramref name="first"/> and <paramref name="second"/>.</summary>
        /// <param name="first">An earlier layer property, e.g. <c>nameof(C1)</c>.</param>
        /// <param name="second">Another earlier layer property (or the same one).</param>
        public AddAttribute(string first, string second)
        {
            First = first;
            Second = second;
        }

        /// <summary>The first layer added.</summary>
        public string First { get; }

        /// <summary>The second layer added.</summary>
        public string Second { get; }
    }
}
