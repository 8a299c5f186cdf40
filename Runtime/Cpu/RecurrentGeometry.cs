namespace Strata.Cpu;

/// <summary>The sizes of one direction of one recurrent layer: x is [Batch, Steps, InputSize], the state is [Batch, Hidden].</summary>
public readonly record struct RecurrentGeometry(int Batch, int Steps, int InputSize, int Hidden);
