using System;

namespace Strata
{
    /// <summary>
    /// Declares that a model's output is read by CTC (<c>Strata.Training.CtcLoss</c>) with label sequences of at most
    /// <see cref="MaxLabelLength"/> labels, for example <c>[Model, Input(1, 28, 168), Ctc(maxLabelLength: 6)]</c>. The
    /// generator then checks at build time that the output is a per-step sequence [steps, classes] and that its static
    /// step count can hold that many labels (steps ≥ maxLabelLength; a repeated label needs a blank between its copies,
    /// so a line with r repeats needs maxLabelLength + r steps).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class CtcAttribute : Attribute
    {
        /// <summary>Declares the longest label sequence CTC will be asked to read from the output.</summary>
        public CtcAttribute(int maxLabelLength) => MaxLabelLength = maxLabelLength;

        /// <summary>The most labels one output sequence carries.</summary>
        public int MaxLabelLength { get; }
    }
}
