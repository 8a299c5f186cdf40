namespace Strata;

/// <summary>The nonlinearities PyTorch's <c>nn.init.calculate_gain</c> knows, for <see cref="Initializers.Gain"/>.</summary>
public enum Nonlinearity
{
    /// <summary>No nonlinearity (a linear or convolution layer alone): gain 1.</summary>
    Linear,

    /// <summary>A convolution (any dimension) alone: gain 1.</summary>
    Conv,

    /// <summary>The logistic sigmoid: gain 1.</summary>
    Sigmoid,

    /// <summary>tanh: gain 5/3.</summary>
    Tanh,

    /// <summary>ReLU: gain √2.</summary>
    Relu,

    /// <summary>Leaky ReLU with negative slope a: gain √(2 / (1 + a²)).</summary>
    LeakyRelu,

    /// <summary>SELU: gain 3/4.</summary>
    Selu,
}
