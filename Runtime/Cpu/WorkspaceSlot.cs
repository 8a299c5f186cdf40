namespace Strata.Cpu;

/// <summary>The scratch buffers a <see cref="CpuWorkspace"/> keeps; kernels that are live at once use different slots.</summary>
public enum WorkspaceSlot
{
    /// <summary>Gemm's packed A row blocks.</summary>
    GemmPackedA,

    /// <summary>Gemm's packed B column panels.</summary>
    GemmPackedB,

    /// <summary>im2col columns of one sample.</summary>
    Columns,

    /// <summary>Gradients with respect to the im2col columns, before col2im.</summary>
    ColumnGradients,
}
