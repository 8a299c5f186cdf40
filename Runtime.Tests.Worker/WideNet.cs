namespace Strata.Runtime.Tests.Worker;

/// <summary>One 1024 × 1024 dense layer: a million parameters, a 12.6 MB checkpoint with Adam's two moments.</summary>
[Model, Input(1024)]
public partial class WideNet
{
    [Dense(1024)] public partial Dense D { get; }
}
