namespace Strata.Cpu;

/// <summary>Which form of <see cref="SmallPlaneConv"/>'s expanded weight W′ [OC·P_out, C·P_in] a product reads.</summary>
internal enum PlaneOperand
{
    /// <summary>W′ itself, row-major: the B operand of dx = dz · W′.</summary>
    Expanded,

    /// <summary>W′ᵀ packed into GEMM panels: the B operand of y = x · W′ᵀ.</summary>
    ForwardB,
}
