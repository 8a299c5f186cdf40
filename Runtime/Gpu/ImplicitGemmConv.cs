using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Convolution as implicit GEMM on one accelerator: the tiled GEMM (<see cref="GemmKernels.Tiled"/>) reads the input's
/// windows and the output gradient's scatter through operand structs, so no im2col or col2im buffer is ever written.
/// Per group of channels, one launch each:
/// <list type="bullet">
/// <item>forward: y[oc, (n, p)] = W[oc, (c, kh, kw)] · windows(x)[(c, kh, kw), (n, p)], bias, batch-norm scale and shift,
/// residual and activation in the epilogue;</item>
/// <item>input gradient (also a transposed convolution's forward): dx[c, (n, ih, iw)] = Wᵀ[c, (oc, kh, kw)] · dy gathered
/// through the taps;</item>
/// <item>weight gradient: dW[oc, (c, kh, kw)] = dy[oc, (n, p)] · windows(x)ᵀ[(n, p), (c, kh, kw)].</item>
/// </list>
/// Depthwise convolutions (one input channel per group) have kernels of their own (<see cref="DepthwiseConvKernels"/>).
/// Kernels are loaded once per accelerator, on first use.
/// </summary>
internal sealed class ImplicitGemmConv
{
    private static readonly ConditionalWeakTable<Accelerator, ImplicitGemmConv> Caches = new();
    private readonly Accelerator _accelerator;
    private readonly TiledGemm _gemm;
    private readonly Lazy<Action<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry, ChannelPlaneEpilogue>> _depthwiseForward;
    private readonly Lazy<Action<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry, ChannelPlaneEpilogue>> _depthwiseInputGradient;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry>> _depthwiseWeightGradient;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int>> _biasGradient;

    private ImplicitGemmConv(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _gemm = TiledGemm.For(accelerator);
        _depthwiseForward = new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry, ChannelPlaneEpilogue>(
            DepthwiseConvKernels.Forward));
        _depthwiseInputGradient = new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry, ChannelPlaneEpilogue>(
            DepthwiseConvKernels.InputGradient));
        _depthwiseWeightGradient = new(() => accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry>(
            DepthwiseConvKernels.WeightGradient));
        _biasGradient = new(() => accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int>(Conv2dKernels.BiasGradient));
    }

    /// <summary>
    /// Threads per group of a reduction: 256 on a GPU; one warp on ILGPU's CPU accelerator, whose barriers cost about
    /// 1.7 ms each.
    /// </summary>
    private int ReductionGroup => _accelerator.AcceleratorType == AcceleratorType.CPU
        ? _accelerator.WarpSize
        : Math.Min(256, _accelerator.MaxNumThreadsPerGroup);

    public static ImplicitGemmConv For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new ImplicitGemmConv(a));

    /// <summary>One input channel per group: the depthwise kernels.</summary>
    public static bool IsDepthwise(in ConvGeometry g) => g.Groups > 1 && g.GroupInChannels == 1;

    /// <summary>
    /// y = act((conv(x, w) + b)·scale + shift + residual), each term only when its flag is set (absent views may be any
    /// view). y is [N, OC, OH, OW].
    /// </summary>
    public void Forward(
        in ConvGeometry g, ArrayView<float> x, ArrayView<float> w, ArrayView<float> y, DenseActivation activation,
        ArrayView<float> bias, bool hasBias, ArrayView<float> scale, ArrayView<float> shift, bool hasAffine, ArrayView<float> residual, bool hasResidual)
    {
        var plane = g.OutHeight * g.OutWidth;
        var columns = g.Batch * plane;
        if (columns == 0)
        {
            return;
        }

        if (IsDepthwise(g))
        {
            var epilogue = new ChannelPlaneEpilogue(y, g.OutChannels, plane, 0, activation, bias, hasBias, scale, shift, hasAffine, residual, hasResidual);
            _depthwiseForward.Value(columns * g.OutChannels, x, w, g, epilogue);
            return;
        }

        var (groupIn, groupOut) = (g.GroupInChannels, g.GroupOutChannels);
        var depth = groupIn * g.KernelHeight * g.KernelWidth;
        for (var group = 0; group < g.Groups; group++)
        {
            var firstOut = group * groupOut;
            _gemm.Launch(
                MatrixOperand.Left(w.SubView((long)firstOut * depth, (long)groupOut * depth), depth, transposed: false),
                ConvWindowOperand.Forward(x, g, group * groupIn),
                new ChannelPlaneEpilogue(y, g.OutChannels, plane, firstOut, activation, bias, hasBias, scale, shift, hasAffine, residual, hasResidual),
                new GemmSize(groupOut, columns, depth));
        }
    }

    /// <summary>
    /// dx = act(convᵀ(dy, w) + b) into [N, C, H, W] (overwritten): a convolution's input gradient, with identity and no
    /// bias, or a transposed convolution's forward pass.
    /// </summary>
    public void InputGradient(
        in ConvGeometry g, ArrayView<float> dy, ArrayView<float> w, ArrayView<float> dx, DenseActivation activation, ArrayView<float> bias, bool hasBias)
    {
        var plane = g.InHeight * g.InWidth;
        var columns = g.Batch * plane;
        if (columns == 0)
        {
            return;
        }

        if (IsDepthwise(g))
        {
            var epilogue = new ChannelPlaneEpilogue(dx, g.InChannels, plane, 0, activation, bias, hasBias, bias, bias, false, dx, false);
            _depthwiseInputGradient.Value(columns * g.InChannels, dy, w, g, epilogue);
            return;
        }

        var (groupIn, groupOut) = (g.GroupInChannels, g.GroupOutChannels);
        for (var group = 0; group < g.Groups; group++)
        {
            var firstOut = group * groupOut;
            _gemm.Launch(
                new ConvTransposedWeightOperand(w, g, firstOut),
                new ConvOutputGradientOperand(dy, g, firstOut),
                new ChannelPlaneEpilogue(dx, g.InChannels, plane, group * groupIn, activation, bias, hasBias, bias, bias, false, dx, false),
                new GemmSize(groupIn, columns, groupOut * g.KernelHeight * g.KernelWidth));
        }
    }

    /// <summary>dw = the correlation of x with dy, [OC, C / groups, KH, KW] (overwritten; zero for an empty batch).</summary>
    public void WeightGradient(in ConvGeometry g, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw)
    {
        if (dw.Length == 0)
        {
            return;
        }

        if (IsDepthwise(g))
        {
            _depthwiseWeightGradient.Value(new KernelConfig((int)dw.Length, ReductionGroup), x, dy, dw, g);
            return;
        }

        var (groupIn, groupOut) = (g.GroupInChannels, g.GroupOutChannels);
        var plane = g.OutHeight * g.OutWidth;
        var width = groupIn * g.KernelHeight * g.KernelWidth;
        for (var group = 0; group < g.Groups; group++)
        {
            var firstOut = group * groupOut;
            _gemm.Launch(
                new ChannelPlaneOperand(dy, g.OutChannels, plane, firstOut),
                ConvWindowOperand.WeightGradient(x, g, group * groupIn),
                new MatrixEpilogue(dw.SubView((long)firstOut * width, (long)groupOut * width), width, dw, false, DenseActivation.Identity, false),
                new GemmSize(groupOut, width, g.Batch * plane));
        }
    }

    /// <summary>db[c] = Σ dy[n, c, ·] over a [batch, channels, plane] tensor (overwritten; zero for an empty batch).</summary>
    public void BiasGradient(ArrayView<float> dy, ArrayView<float> db, int batch, int channels, int plane)
    {
        if (channels > 0)
        {
            _biasGradient.Value(new KernelConfig(channels, ReductionGroup), dy, db, batch, channels, plane);
        }
    }
}
