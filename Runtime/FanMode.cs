namespace Strata;

/// <summary>Which fan Kaiming initialisation keeps the variance of (PyTorch's <c>mode</c>).</summary>
public enum FanMode
{
    /// <summary>Inputs per output (<c>'fan_in'</c>): the variance of the forward pass is kept.</summary>
    FanIn,

    /// <summary>Outputs per input (<c>'fan_out'</c>): the variance of the backward pass is kept.</summary>
    FanOut,
}
