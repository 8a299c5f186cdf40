namespace Strata.Data;

/// <summary>Where <see cref="DigitCanvases"/> put one digit: its index in the source set, its class and the top-left corner of its image.</summary>
public sealed record DigitPlacement(int SourceIndex, int Class, int Top, int Left);
