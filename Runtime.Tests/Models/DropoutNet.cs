namespace Strata.Runtime.Tests.Models;

/// <summary>Dropout on the input, after a conv, on a flat view and last, at sizes the ILGPU CPU accelerator runs quickly.</summary>
[Model, Input(2, 5, 5)]
public partial class DropoutNet
{
    [Dropout(0.25)]    public partial Dropout InputDrop { get; }   // [2, 5, 5]
    [Conv(3, 3), Relu] public partial Conv2d C1 { get; }          // [3, 3, 3]
    [Dropout(0.5)]     public partial Dropout D1 { get; }          // [3, 3, 3]
    [Flatten]          public partial Flatten F { get; }          // [27]
    [Dropout]          public partial Dropout D2 { get; }          // [27]
    [Dense(4)]         public partial Dense Out { get; }           // [4]
    [Dropout(0.1)]     public partial Dropout OutDrop { get; }     // [4]
}
