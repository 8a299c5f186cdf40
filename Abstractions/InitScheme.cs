namespace Strata
{
    /// <summary>
    /// How <see cref="InitAttribute">[Init]</see> starts a layer's weights or biases, as <c>torch.nn.init</c>'s functions
    /// with their default arguments. Fans come from the shape: a weight [out, in, k…] has fan_in = in·∏k and
    /// fan_out = out·∏k.
    /// </summary>
    public enum InitScheme
    {
        /// <summary>The layer's PyTorch default (U(−1/√fan_in, 1/√fan_in) for conv and dense layers, and so on).</summary>
        Default = 0,

        /// <summary><c>xavier_uniform_</c>: U(−b, b), b = √(6 / (fan_in + fan_out)). Needs at least 2 dimensions.</summary>
        XavierUniform = 1,

        /// <summary><c>xavier_normal_</c>: N(0, σ²), σ = √(2 / (fan_in + fan_out)). Needs at least 2 dimensions.</summary>
        XavierNormal = 2,

        /// <summary><c>kaiming_uniform_</c> (a = 0, fan_in, ReLU's gain √2): U(−b, b), b = √(6 / fan_in). Needs at least 2 dimensions.</summary>
        KaimingUniform = 3,

        /// <summary><c>kaiming_normal_</c> (a = 0, fan_in, ReLU's gain √2): N(0, σ²), σ = √(2 / fan_in). Needs at least 2 dimensions.</summary>
        KaimingNormal = 4,

        /// <summary><c>zeros_</c>: every value 0 (a bias; or a residual block's last BatchNorm weight, to start it as the identity).</summary>
        Zeros = 5,

        /// <summary><c>ones_</c>: every value 1.</summary>
        Ones = 6,
    }
}
