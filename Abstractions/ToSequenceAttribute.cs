using System;

namespace Strata
{
    /// <summary>
    /// The bridge from an image to a sequence: [C, H, W] → a sequence whose number of steps is fixed by the image, so
    /// that recurrent layers (<c>[Lstm]</c>, <c>[Gru]</c>, <c>[Rnn]</c>) and per-step <c>[Dense]</c> can follow the
    /// convolutions. <see cref="SequenceAxis.Width"/> makes each column a step of C·H features (a CRNN:
    /// <c>x.permute(0, 3, 1, 2).reshape(N, W, C * H)</c>); <see cref="SequenceAxis.Pixels"/> makes each pixel a step of C
    /// features (a ViT: <c>x.flatten(2).transpose(1, 2)</c>). It has no parameters:
    /// <c>[ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class ToSequenceAttribute : LayerAttribute
    {
        /// <summary>Declares the bridge that reads the image along <paramref name="axis"/>.</summary>
        /// <param name="axis">Columns (<see cref="SequenceAxis.Width"/>) or pixels (<see cref="SequenceAxis.Pixels"/>) as steps.</param>
        public ToSequenceAttribute(SequenceAxis axis)
        {
            Axis = axis;
        }

        /// <summary>The axis whose positions become the steps.</summary>
        public SequenceAxis Axis { get; }
    }
}
