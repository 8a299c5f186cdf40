namespace Strata.Samples;

/// <summary>
/// A CRNN that reads a line of handwritten digits: two conv + pool stages turn the [1, 28, 168] canvas into
/// [16, 7, 42], <c>[ToSequence(SequenceAxis.Width)]</c> makes each of the 42 columns a step of 16·7 = 112 features, a
/// bidirectional LSTM reads them both ways and a per-step Dense gives 11 logits per step (blank 0, digit d as d + 1) for
/// CTC. <c>[Ctc(maxLabelLength: 6)]</c> has the generator check that 42 steps can hold 6 digits.
/// </summary>
[Model, Input(1, DigitLines.Height, DigitLines.Width), Ctc(maxLabelLength: DigitLines.MaxDigits)]
public partial class DigitStringsModel
{
    [Conv(8, 3, pad: 1), Relu]           public partial Conv2d C1 { get; }
    [MaxPool(2)]                         public partial Pool2d P1 { get; }
    [Conv(16, 3, pad: 1), Relu]          public partial Conv2d C2 { get; }
    [MaxPool(2)]                         public partial Pool2d P2 { get; }
    [ToSequence(SequenceAxis.Width)]     public partial ToSequence Columns { get; }
    [Lstm(48, Bidirectional = true)]     public partial Lstm Rnn { get; }
    [Dense(DigitLines.Classes)]          public partial Dense Out { get; }

    /// <summary>The columns of the canvas that one output step covers (the two 2×2 pools).</summary>
    public const int ColumnsPerStep = 4;
}
