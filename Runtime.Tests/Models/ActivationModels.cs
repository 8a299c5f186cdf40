namespace Strata.Runtime.Tests.Models;

// Every activation fused into a conv epilogue, a dense epilogue and (for one) a pooling kernel: the fused combinations
// the generator emits, each small enough for finite differences on the ILGPU CPU accelerator.

/// <summary>Conv with a fused ReLU.</summary>
[Model, Input(2, 5, 4)]
public partial class ConvReluNet
{
    [Conv(3, 2), Relu] public partial Conv2d Conv { get; }
}

/// <summary>Conv with a fused sigmoid.</summary>
[Model, Input(2, 5, 4)]
public partial class ConvSigmoidNet
{
    [Conv(3, 2), Sigmoid] public partial Conv2d Conv { get; }
}

/// <summary>Conv with a fused tanh.</summary>
[Model, Input(2, 5, 4)]
public partial class ConvTanhNet
{
    [Conv(3, 2), Tanh] public partial Conv2d Conv { get; }
}

/// <summary>Conv with a fused ReLU6.</summary>
[Model, Input(2, 5, 4)]
public partial class ConvRelu6Net
{
    [Conv(3, 2), Relu6] public partial Conv2d Conv { get; }
}

/// <summary>Dense with a fused ReLU.</summary>
[Model, Input(6)]
public partial class DenseReluNet
{
    [Dense(4), Relu] public partial Dense Dense { get; }
}

/// <summary>Dense with a fused sigmoid.</summary>
[Model, Input(6)]
public partial class DenseSigmoidNet
{
    [Dense(4), Sigmoid] public partial Dense Dense { get; }
}

/// <summary>Dense with a fused tanh.</summary>
[Model, Input(6)]
public partial class DenseTanhNet
{
    [Dense(4), Tanh] public partial Dense Dense { get; }
}

/// <summary>Dense with a fused ReLU6.</summary>
[Model, Input(6)]
public partial class DenseRelu6Net
{
    [Dense(4), Relu6] public partial Dense Dense { get; }
}

/// <summary>Max pooling with a fused ReLU6 and average pooling with a fused sigmoid.</summary>
[Model, Input(2, 7, 5)]
public partial class PoolActivationNet
{
    [MaxPool(2, stride: 1), Relu6] public partial Pool2d Max { get; }
    [AvgPool(2), Sigmoid]          public partial Pool2d Avg { get; }
}

/// <summary>Conv followed in place by LeakyReLU with a chosen slope.</summary>
[Model, Input(2, 5, 4)]
public partial class ConvLeakyReluNet
{
    [Conv(3, 2), LeakyRelu(0.2f)] public partial Conv2d Conv { get; }
}

/// <summary>Dense followed in place by LeakyReLU with PyTorch's default slope, 0.01.</summary>
[Model, Input(6)]
public partial class DenseLeakyReluNet
{
    [Dense(4), LeakyRelu] public partial Dense Dense { get; }
}

/// <summary>Max pooling followed in place by LeakyReLU.</summary>
[Model, Input(2, 6, 6)]
public partial class PoolLeakyReluNet
{
    [MaxPool(2), LeakyRelu(0.5f)] public partial Pool2d Pool { get; }
}
