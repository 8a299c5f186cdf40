using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// Convolution on the CPU: im2col into the packed GEMM, bias and activation fused into the epilogue; a grouped
/// convolution runs one GEMM per group, on that group's channels and weight rows. Layers with a small window run their
/// forward (at most 32 values) and weight gradient (at most 256) directly instead (<see cref="DirectConv"/>), and
/// layers whose output rows fit the micro-kernel's row blocks run their forward from a channels-last copy of x
/// (<see cref="ChannelsLastConv"/>).
/// </summary>
public static unsafe class Conv2dCpu
{
    // Floats of im2col or column-gradient scratch per chunk of samples in backward (4 MB): big enough for one long
    // GEMM, small enough to come back from L2/L3 rather than memory.
    private const int ChunkFloats = 1 << 20;

    // Input channels per group from which dX runs as a flipped convolution (see IsFlippable).
    private const int FlippedMinimumChannels = 32;

    /// <summary>
    /// y = act(conv(x, w) + b [+ residual]). x is [N, C, H, W], w is [OC, C / groups, KH, KW], b is [OC] or null, y and
    /// the optional residual (a residual connection's other input, added before the activation) are [N, OC, OH, OW].
    /// </summary>
    /// <remarks>
    /// One GEMM per group over the whole batch (<see cref="ConvGemm"/>): the weight, packed once per
    /// <see cref="Tensor.Version"/>, times the batch's columns, packed panel by panel straight from x, written into y
    /// through the bias and activation.
    /// </remarks>
    public static void Forward<TActivation>(in ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, CpuWorkspace workspace, Tensor? residual = null)
        where TActivation : struct, IActivation
    {
        Check(g, x, w, y, workspace);
        if (b is not null)
        {
            ArgumentChecks.Length(b, nameof(b), g.OutChannels);
        }

        if (residual is not null)
        {
            ArgumentChecks.Length(residual, nameof(residual), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
            if (ReferenceEquals(residual, y))
            {
                throw new ArgumentException("The residual must not be the output itself.", nameof(residual));
            }
        }

        var group = g.OneGroup();
        var positions = g.OutHeight * g.OutWidth;
        var transposed = PositionsAsRows(g);
        fixed (float* input = x.Span, output = y.Span, added = residual is null ? default : residual.Span)
        {
            if (SmallPlaneConv.Applies(g))
            {
                if (residual is not null)
                {
                    SmallPlaneConv.Forward(g, x, w, y, new PlaneEpilogue<TActivation>(Tensor.PointerOf(b), added, g.OutChannels, positions), workspace);
                }
                else if (b is null)
                {
                    SmallPlaneConv.Forward(g, x, w, y, default(ActivationEpilogue<TActivation>), workspace);
                }
                else
                {
                    SmallPlaneConv.Forward(g, x, w, y, new PlaneEpilogue<TActivation>(b.Pointer, null, g.OutChannels, positions), workspace);
                }

                return;
            }

            // Small windows run directly; output rows of whole row blocks from a channels-last copy.
            var direct = DirectConv.Applies(g);
            if (direct || (!transposed && ChannelsLastConv.Applies(g)))
            {
                if (residual is not null)
                {
                    RunWithoutColumns(direct, g, input, w, output, new ResidualEpilogue<TActivation>(added, Tensor.PointerOf(b), 0, g.OutChannels, positions), workspace);
                }
                else if (b is null)
                {
                    RunWithoutColumns(direct, g, input, w, output, default(ActivationEpilogue<TActivation>), workspace);
                }
                else
                {
                    RunWithoutColumns(direct, g, input, w, output, new RowBiasEpilogue<TActivation>(b.Pointer, 0), workspace);
                }

                return;
            }

            // A padded layer on a small plane skips the taps on the padding; another padded stride-1 layer packs its
            // columns from a copy with a zero border, as an unpadded one.
            var tapMajor = !transposed && TapMajorColumns.Applies(g);
            var padded = !tapMajor && !(transposed && SmallPlaneRows.Applies(g)) && PaddedInput.Helps(g);
            var read = padded ? PaddedInput.Unpadded(g) : g;
            var image = padded ? PaddedInput.Copy(input, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.Pad, workspace) : input;
            var readPlane = read.InHeight * read.InWidth;
            for (var i = 0; i < g.Groups; i++)
            {
                var columns = new ConvColumns(image + (nint)i * group.InChannels * readPlane, (nint)g.InChannels * readPlane, read.OneGroup(), slack: padded);
                var target = output + (nint)i * group.OutChannels * positions;
                if (residual is not null)
                {
                    Run(g, i, w, columns, target, transposed, tapMajor, new ResidualEpilogue<TActivation>(added, Tensor.PointerOf(b), i * group.OutChannels, g.OutChannels, positions), workspace);
                }
                else if (b is null)
                {
                    Run(g, i, w, columns, target, transposed, tapMajor, default(ActivationEpilogue<TActivation>), workspace);
                }
                else
                {
                    Run(g, i, w, columns, target, transposed, tapMajor, new RowBiasEpilogue<TActivation>(b.Pointer, i * group.OutChannels), workspace);
                }
            }
        }
    }

    /// <summary>A forward without im2col: <see cref="DirectConv"/> when <paramref name="direct"/>, else <see cref="ChannelsLastConv"/>.</summary>
    private static void RunWithoutColumns<TEpilogue>(bool direct, in ConvGeometry g, float* input, Tensor w, float* output, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        if (!direct)
        {
            var packed = workspace.PackedWeights.TapMajorB(w, g.OutChannels, g.InChannels, g.KernelHeight * g.KernelWidth, flipped: false);
            ChannelsLastConv.Forward(g, input, packed, output, epilogue, workspace);
            return;
        }

        fixed (float* weights = w.Span)
        {
            DirectConv.Forward(g, input, weights, output, epilogue, workspace);
        }
    }

    /// <summary>
    /// Group <paramref name="i"/>'s forward product, either way round or on <see cref="TapMajorColumns"/> (one group,
    /// <paramref name="columns"/> then only gives the input), stored through <paramref name="epilogue"/>.
    /// </summary>
    private static void Run<TEpilogue>(
        in ConvGeometry g, int i, Tensor w, in ConvColumns columns, float* target, bool transposed, bool tapMajor, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        if (transposed)
        {
            ForwardTransposed(g, i, w, columns, target, epilogue, workspace);
            return;
        }

        if (tapMajor)
        {
            var taps = g.KernelHeight * g.KernelWidth;
            RunTapMajor(g, columns.Image, workspace.PackedWeights.TapMajorA(w, g.OutChannels, g.InChannels, taps, flipped: false), target, epilogue, workspace);
            return;
        }

        var group = g.OneGroup();
        var depth = group.InChannels * g.KernelHeight * g.KernelWidth;
        var packed = workspace.PackedWeights.PackedA(w, i * group.OutChannels * depth, group.OutChannels, depth, transposed: false);
        fixed (float* a = packed)
        {
            ConvGemm.Run(a, group.OutChannels, columns, g.Batch, target, (nint)g.OutChannels * g.OutHeight * g.OutWidth, epilogue, workspace);
        }
    }

    /// <summary>
    /// The one-group convolution <paramref name="g"/> of <paramref name="input"/> by <paramref name="weights"/> (from
    /// <see cref="PackedWeightCache.TapMajorA"/>) on <see cref="TapMajorColumns"/>, into <paramref name="output"/>
    /// through <paramref name="epilogue"/>.
    /// </summary>
    private static void RunTapMajor<TEpilogue>(in ConvGeometry g, float* input, ReadOnlySpan<float> weights, float* output, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        var plane = g.InChannels * g.InHeight * g.InWidth;
        var samplesInner = workspace.Pointer(WorkspaceSlot.SamplesInnerInput, g.Batch * plane);
        fixed (float* a = weights)
        {
            TapMajorColumns.Transpose(input, g.Batch, plane, samplesInner);
            ConvGemm.Run(a, g.OutChannels, new TapMajorColumns(samplesInner, g), g.Batch, output, (nint)g.OutChannels * g.OutHeight * g.OutWidth,
                epilogue, workspace);
        }
    }

    /// <summary>
    /// Whether to run the forward product the other way round, Yᵀ = colsᵀ · Wᵀ, with the batch's positions as GEMM
    /// rows: when there are few of them (batch 1 at VGG's 4×4 and 2×2 blocks: 16 and 4) a 32-column panel of
    /// positions would be mostly padding, an 8-row block much less; and only while the transposed columns and
    /// output fit the backward chunk's scratch.
    /// </summary>
    private static bool PositionsAsRows(in ConvGeometry g)
    {
        var total = (long)g.Batch * g.OutHeight * g.OutWidth;
        var channels = g.GroupOutChannels;
        var depth = (long)g.GroupInChannels * g.KernelHeight * g.KernelWidth;
        if (total == 0 || total * Math.Max(depth, channels) > ChunkFloats)
        {
            return false;
        }

        var rows = ConvGemm.BlockRows;
        var columns = Gemm.PanelWidth;
        double Fill(long extent, int block) => extent / (double)(GemmPacking.BlockCount((int)extent, block) * (long)block);
        var asColumns = Fill(total, columns) * Fill(channels, rows);
        var asRows = Fill(total, rows) * Fill(channels, columns);
        return asRows > 1.25 * asColumns;
    }

    /// <summary>
    /// Group <paramref name="i"/>'s forward as Yᵀ = colsᵀ · Wᵀ: the transposed columns of the batch
    /// (<see cref="Im2Col.ExpandTransposed"/>) times Wᵀ packed once per version, then stored transposed into y through
    /// the epilogue (rows: output channels, columns: positions).
    /// </summary>
    private static void ForwardTransposed<TEpilogue>(
        in ConvGeometry g, int i, Tensor w, in ConvColumns columns, float* target, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        var channels = g.GroupOutChannels;
        var depth = columns.Depth;
        var positions = columns.Positions;
        var total = g.Batch * positions;
        var packed = workspace.PackedWeights.TransposedB(w, channels, depth, i * channels * depth);
        var product = workspace.Span(WorkspaceSlot.ColumnGradients, total * channels);
        if (SmallPlaneRows.Applies(g))
        {
            // The input is not a padded copy here (see Forward), and one group starts at the image.
            var packedRows = workspace.Pointer(WorkspaceSlot.Columns, checked((int)GemmPacking.PackedALength(total, depth, Avx512MicroKernel.Rows)));
            fixed (float* weights = packed)
            {
                SmallPlaneRows.Multiply(g, columns.Image, packedRows, weights, product, workspace);
            }
        }
        else
        {
            var rows = workspace.Span(WorkspaceSlot.Columns, total * depth);
            fixed (float* r = rows)
            {
                Im2Col.ExpandTransposed(columns, g.Batch, r, depth);
            }

            Gemm.MultiplyPackedB(total, channels, depth, rows, depth, false, packed, product, channels, false,
                default(ActivationEpilogue<IdentityActivation>), workspace);
        }
        var sampleStride = (nint)g.OutChannels * positions;
        fixed (float* products = product)
        {
            for (var n = 0; n < g.Batch; n++)
            {
                var rows = products + ((nint)n * positions * channels);
                var destination = target + n * sampleStride;
                var c = 0;
                if (positions % 8 == 0 && CpuKernels.Vector256 && Avx.IsSupported)
                {
                    // 8 positions × 8 channels at a time through a register transpose, then each channel's 8 values
                    // through the epilogue's vector form.
                    for (; c + 8 <= channels; c += 8)
                    {
                        for (var p = 0; p < positions; p += 8)
                        {
                            var block = destination + ((nint)c * positions) + p;
                            GemmPacking.TransposeEight(rows + ((nint)p * channels) + c, channels, block, positions);
                            for (var j = 0; j < 8; j++)
                            {
                                var values = block + ((nint)j * positions);
                                Vector256.Store(epilogue.Apply(Vector256.Load(values), c + j, (n * positions) + p), values);
                            }
                        }
                    }
                }
                else if (positions == 4 && CpuKernels.Vector256 && Avx.IsSupported)
                {
                    // 8 channels at a time: each position's 8 values through the epilogue's column form, then
                    // interleaved into the channels' rows of 4, 32 contiguous floats of y.
                    for (; c + 8 <= channels; c += 8)
                    {
                        var column = n * positions;
                        StoreFourPositions(
                            epilogue.ApplyColumn(Vector256.Load(rows + c), c, column),
                            epilogue.ApplyColumn(Vector256.Load(rows + channels + c), c, column + 1),
                            epilogue.ApplyColumn(Vector256.Load(rows + (2 * channels) + c), c, column + 2),
                            epilogue.ApplyColumn(Vector256.Load(rows + (3 * channels) + c), c, column + 3),
                            destination + ((nint)c * positions));
                    }
                }

                for (; c < channels; c++)
                {
                    for (var p = 0; p < positions; p++)
                    {
                        destination[((nint)c * positions) + p] = epilogue.Apply(rows[((nint)p * channels) + c], c, (n * positions) + p);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes 8 channels' values at 4 positions, given position by position (<paramref name="p0"/> holds channels 0–7
    /// at position 0), as the channels' rows of 4: target[4·j + p] = p<sub>p</sub>[j].
    /// </summary>
    private static void StoreFourPositions(Vector256<float> p0, Vector256<float> p1, Vector256<float> p2, Vector256<float> p3, float* target)
    {
        // Pairs of positions per channel, then all four: u0 holds channels 0 and 4, u1 channels 1 and 5, and so on.
        var low01 = Avx.UnpackLow(p0, p1).AsDouble();
        var high01 = Avx.UnpackHigh(p0, p1).AsDouble();
        var low23 = Avx.UnpackLow(p2, p3).AsDouble();
        var high23 = Avx.UnpackHigh(p2, p3).AsDouble();
        var u0 = Avx.UnpackLow(low01, low23).AsSingle();
        var u1 = Avx.UnpackHigh(low01, low23).AsSingle();
        var u2 = Avx.UnpackLow(high01, high23).AsSingle();
        var u3 = Avx.UnpackHigh(high01, high23).AsSingle();
        Avx.Permute2x128(u0, u1, 0x20).Store(target);
        Avx.Permute2x128(u2, u3, 0x20).Store(target + 8);
        Avx.Permute2x128(u0, u1, 0x31).Store(target + 16);
        Avx.Permute2x128(u2, u3, 0x31).Store(target + 24);
    }

    /// <summary>
    /// Backward of <see cref="Forward{TActivation}"/>. <paramref name="dy"/> is the gradient with respect to y and is
    /// overwritten with the gradient before the activation. dw and db are overwritten; each of dx, dw and db is skipped
    /// when null (dw and db of a frozen layer).
    /// </summary>
    public static void Backward<TActivation>(
        in ConvGeometry g, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor? dw, Tensor? db, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Check(g, x, w, y, workspace);
        if (db is not null)
        {
            ArgumentChecks.Length(db, nameof(db), g.OutChannels);
        }

        ArgumentChecks.Length(dy, nameof(dy), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        if (dw is not null)
        {
            ArgumentChecks.Length(dw, nameof(dw), g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        }

        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        }

        ConvOutputGradient.Backward<TActivation>(g.Batch * g.OutChannels, g.OutChannels, g.OutHeight * g.OutWidth, y, dy, db, workspace);

        Gradients(g, x, w, dy, dx, dw, workspace);
    }

    /// <summary>
    /// The products of backward, sizes already checked: dw = Σ_n dZ_n · cols(x_n)ᵀ when <paramref name="dw"/> is given
    /// (then <paramref name="x"/> must be), and dx = col2im(Wᵀ · dZ) when <paramref name="dx"/> is given. A transposed
    /// convolution runs its forward as the dx product and its weight gradient as the dw one.
    /// </summary>
    internal static void Gradients(in ConvGeometry g, Tensor? x, Tensor w, Tensor dy, Tensor? dx, Tensor? dw, CpuWorkspace workspace)
    {
        if (SmallPlaneConv.Applies(g))
        {
            if (dw is not null)
            {
                SmallPlaneConv.WeightGradient(g, x!, dy, dw, workspace);
            }

            if (dx is not null)
            {
                SmallPlaneConv.InputGradient(g, w, dy, dx, workspace);
            }

            return;
        }

        if (dw is not null)
        {
            WeightGradient(g, x!, dy, dw, workspace);
        }

        if (dx is not null)
        {
            InputGradient(g, w, dy, dx, workspace);
        }
    }

    /// <summary>
    /// dW through the first path that takes the geometry: <see cref="DirectConv"/> (LeNet's narrow layers),
    /// <see cref="WeightGradientTapMajor"/> (small padded planes), <see cref="ChannelsLastWeightGradient"/> (any other
    /// one-group, undilated layer); else, for grouped or dilated layers,
    /// dW_group = Σ over chunks of samples of dZ_chunk · R_chunk: R is the chunk's columns transposed
    /// ([positions, taps], <see cref="Im2Col.ExpandTransposed"/>), dZ the chunk's output gradients gathered into rows,
    /// so one GEMM of depth chunk·positions runs per chunk with both operands in the layout it packs fastest. When dW
    /// has too few tiles to keep the cores busy (LeNet: 6 × 25), the batch is split instead: each core sums its
    /// samples into its own buffer, and the buffers are added.
    /// </summary>
    private static void WeightGradient(in ConvGeometry g, Tensor x, Tensor dy, Tensor dw, CpuWorkspace workspace)
    {
        if (g.Batch == 0)
        {
            dw.Clear();
            return;
        }

        var group = g.OneGroup();
        var depth = group.InChannels * g.KernelHeight * g.KernelWidth;
        var tiles = (long)GemmPacking.BlockCount(group.OutChannels, ConvGemm.BlockRows) * GemmPacking.BlockCount(depth, 32);
        var ranges = Math.Min(Environment.ProcessorCount, g.Batch);
        var split = ranges > 1 && tiles < 2 * Environment.ProcessorCount;
        var length = group.OutChannels * depth;
        fixed (float* input = x.Span, outputGradient = dy.Span, weightGradient = dw.Span)
        {
            if (DirectConv.AppliesToWeightGradient(g))
            {
                DirectConv.WeightGradient(g, input, outputGradient, weightGradient, workspace);
                return;
            }

            if (g.Groups == 1 && TapMajorColumns.Applies(g))
            {
                WeightGradientTapMajor(g, input, outputGradient, weightGradient, workspace);
                return;
            }

            if (ChannelsLastWeightGradient.Applies(g))
            {
                ChannelsLastWeightGradient.Run(g, input, outputGradient, weightGradient, workspace);
                return;
            }

            for (var i = 0; i < g.Groups; i++)
            {
                var target = weightGradient + (nint)i * length;
                if (!split)
                {
                    WeightGradientRange(g, i, input, outputGradient, 0, g.Batch, target, workspace);
                    continue;
                }

                var body = new WeightGradientRanges(g, i, input, outputGradient, target, workspace.Workers(ranges), ranges);
                CpuParallel.For(ranges, ref body);
                for (var range = 1; range < ranges; range++)
                {
                    var partial = body.Partial(range);
                    for (var j = 0; j < length; j++)
                    {
                        target[j] += partial[j];
                    }
                }
            }
        }
    }

    /// <summary>
    /// dW of a one-group convolution on a small padded plane, the taps on the padding skipped: dW (tap-major) =
    /// dY [OC, (p, n)] · <see cref="TapMajorWeightPanels"/>, both read with the samples innermost, then reordered into
    /// [OC, C, KH, KW].
    /// </summary>
    private static void WeightGradientTapMajor(in ConvGeometry g, float* input, float* outputGradient, float* weightGradient, CpuWorkspace workspace)
    {
        var taps = g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var plane = g.InChannels * g.InHeight * g.InWidth;
        var depth = positions * g.Batch;
        var columns = g.InChannels * taps;
        var blockRows = ConvGemm.BlockRows;
        var samplesInner = workspace.Pointer(WorkspaceSlot.SamplesInnerInput, g.Batch * plane);
        var gradient = workspace.Pointer(WorkspaceSlot.SamplesInnerGradient, g.OutChannels * depth);
        var packed = workspace.Pointer(WorkspaceSlot.GemmPackedA, checked((int)GemmPacking.PackedALength(g.OutChannels, depth, blockRows)));
        var tapMajor = workspace.Pointer(WorkspaceSlot.WeightGradients, g.OutChannels * columns);
        TapMajorColumns.Transpose(input, g.Batch, plane, samplesInner);
        TapMajorColumns.Transpose(outputGradient, g.Batch, g.OutChannels * positions, gradient);
        var rowBlocks = new TapMajorRowBlocks(g, gradient, packed, tapMajor, weightGradient, reorder: false);
        CpuParallel.For(GemmPacking.BlockCount(g.OutChannels, blockRows), ref rowBlocks);
        ConvGemm.Run(packed, g.OutChannels, new TapMajorWeightPanels(samplesInner, g), 1, tapMajor, 0,
            default(ActivationEpilogue<IdentityActivation>), workspace);
        rowBlocks = new TapMajorRowBlocks(g, gradient, packed, tapMajor, weightGradient, reorder: true);
        CpuParallel.For(GemmPacking.BlockCount(g.OutChannels, blockRows), ref rowBlocks);
    }

    /// <summary>
    /// Per row block of output channels: packs dY's rows as the product's A, or (<paramref name="reorder"/>) moves the
    /// tap-major product's rows into dW [OC, C, KH, KW].
    /// </summary>
    private readonly struct TapMajorRowBlocks(in ConvGeometry g, float* gradient, float* packed, float* product, float* weightGradient, bool reorder)
        : IParallelBody
    {
        private readonly ConvGeometry _g = g;

        public void Run(int block)
        {
            var blockRows = ConvGemm.BlockRows;
            var depth = _g.OutHeight * _g.OutWidth * _g.Batch;
            if (!reorder)
            {
                GemmPacking.PackA(gradient, depth, false, _g.OutChannels, depth, blockRows, block, packed);
                return;
            }

            var taps = _g.KernelHeight * _g.KernelWidth;
            var columns = _g.InChannels * taps;
            for (var oc = block * blockRows; oc < Math.Min(_g.OutChannels, (block + 1) * blockRows); oc++)
            {
                TapMajorOrder.ToChannelMajor(product + (nint)oc * columns, _g.InChannels, taps, weightGradient + (nint)oc * columns);
            }
        }
    }

    /// <summary>Group <paramref name="i"/>'s dW over samples [first, end), written (not added) to <paramref name="target"/>.</summary>
    private static void WeightGradientRange(
        in ConvGeometry g, int i, float* input, float* outputGradient, int first, int end, float* target, CpuWorkspace workspace)
    {
        var group = g.OneGroup();
        var depth = group.InChannels * g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var inputPlane = g.InHeight * g.InWidth;
        var chunk = Math.Clamp(ChunkFloats / Math.Max(1, depth * positions), 1, end - first);

        // im2row's rows are padded to whole panels, so Gemm reads them in place or packs only whole panels (a
        // ragged one, LeNet's 25 taps, was copied again k-row by k-row); the product then goes to a padded scratch
        // behind the gathered dZ, and its first depth columns to dW.
        var padded = GemmPacking.BlockCount(depth, Gemm.PanelWidth) * Gemm.PanelWidth;
        var rows = workspace.Pointer(WorkspaceSlot.Columns, chunk * positions * padded);
        var gathered = group.OutChannels * chunk * positions;
        var gradients = workspace.Pointer(WorkspaceSlot.ColumnGradients, gathered + (padded == depth ? 0 : group.OutChannels * padded));
        var identity = default(ActivationEpilogue<IdentityActivation>);
        var product = padded == depth ? new Span<float>(target, group.OutChannels * depth) : new Span<float>(gradients + gathered, group.OutChannels * padded);
        for (var start = first; start < end; start += chunk)
        {
            var samples = Math.Min(chunk, end - start);
            var span = samples * positions;
            var columns = new ConvColumns(
                input + (nint)start * g.InChannels * inputPlane + (nint)i * group.InChannels * inputPlane,
                (nint)g.InChannels * inputPlane, group);
            Im2Col.ExpandTransposed(columns, samples, rows, padded);
            Gather(outputGradient + (nint)start * g.OutChannels * positions + (nint)i * group.OutChannels * positions,
                (nint)g.OutChannels * positions, group.OutChannels, positions, samples, gradients);
            Gemm.Multiply(group.OutChannels, padded, span,
                new ReadOnlySpan<float>(gradients, group.OutChannels * span), span, false,
                new ReadOnlySpan<float>(rows, span * padded), padded, false,
                product, padded, start > first, identity, workspace);
        }

        if (padded != depth)
        {
            for (var oc = 0; oc < group.OutChannels; oc++)
            {
                product.Slice(oc * padded, depth).CopyTo(new Span<float>(target + (nint)oc * depth, depth));
            }
        }
    }

    /// <summary>
    /// Copies rows [channels, positions] of each of <paramref name="samples"/> samples into [channels, samples·positions],
    /// inlined copies for the short rows of small planes (1–4 positions in ResNet-18's last stages).
    /// </summary>
    internal static void Gather(float* source, nint sampleStride, int channels, int positions, int samples, float* target)
    {
        var span = (nint)samples * positions;
        for (var c = 0; c < channels; c++)
        {
            for (var n = 0; n < samples; n++)
            {
                SpanVectors.Copy(source + n * sampleStride + (nint)c * positions, target + c * span + (nint)n * positions, positions);
            }
        }
    }

    /// <summary>
    /// dX = col2im(Wᵀ · dZ), chunk by chunk of samples: Wᵀ is packed once per weight version, dZ is read as the
    /// columns of a 1×1 convolution, and the column gradients [sample, taps, positions] are folded into dx. A 1×1,
    /// stride-1, unpadded convolution writes dx directly.
    /// </summary>
    private static void InputGradient(in ConvGeometry g, Tensor w, Tensor dy, Tensor dx, CpuWorkspace workspace)
    {
        var group = g.OneGroup();
        var depth = group.InChannels * g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var inputPlane = g.InHeight * g.InWidth;
        if (DirectConv.AppliesToInputGradient(g))
        {
            fixed (float* outputGradient = dy.Span, weights = w.Span, inputGradient = dx.Span)
            {
                DirectConv.InputGradient(g, outputGradient, weights, inputGradient, workspace);
            }

            return;
        }

        if (IsFlippable(g))
        {
            InputGradientAsConvolution(g, w, dy, dx, workspace);
            return;
        }

        var pointwise = IsPointwise(g);
        var chunk = pointwise ? g.Batch : Math.Clamp(ChunkFloats / Math.Max(1, depth * positions), 1, Math.Max(g.Batch, 1));
        var columnGradients = pointwise ? null : workspace.Pointer(WorkspaceSlot.ColumnGradients, chunk * depth * positions);
        var identity = default(ActivationEpilogue<IdentityActivation>);
        fixed (float* outputGradient = dy.Span, inputGradient = dx.Span)
        {
            for (var i = 0; i < g.Groups; i++)
            {
                var packed = workspace.PackedWeights.PackedA(w, i * group.OutChannels * depth, depth, group.OutChannels, transposed: true);
                fixed (float* a = packed)
                {
                    for (var first = 0; first < g.Batch; first += chunk)
                    {
                        var samples = Math.Min(chunk, g.Batch - first);
                        var gradients = ConvColumns.Plain(
                            outputGradient + (nint)first * g.OutChannels * positions + (nint)i * group.OutChannels * positions,
                            (nint)g.OutChannels * positions, group.OutChannels, g.OutHeight, g.OutWidth);
                        var target = inputGradient + (nint)first * g.InChannels * inputPlane + (nint)i * group.InChannels * inputPlane;
                        if (pointwise)
                        {
                            ConvGemm.Run(a, depth, gradients, samples, target, (nint)g.InChannels * inputPlane, identity, workspace);
                            continue;
                        }

                        ConvGemm.Run(a, depth, gradients, samples, columnGradients, (nint)depth * positions, identity, workspace);
                        Im2Col.FoldSamples(group, columnGradients, samples, target, (nint)g.InChannels * inputPlane);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether dX runs as a convolution of dY: stride 1 and a square kernel, whose padding does not exceed the
    /// dilated reach (not pointwise: that one is a plain product already), and enough input channels per group: that
    /// convolution packs OC·K² values per position for C rows of output, so with few channels (VGG's first layer: 3,
    /// LeNet's C3: 6) packing outweighs the product, and the column gradients and fold cost less.
    /// </summary>
    private static bool IsFlippable(in ConvGeometry g) =>
        g.Stride == 1 && g.KernelHeight == g.KernelWidth && g.KernelHeight > 1 && g.Pad <= g.Dilation * (g.KernelHeight - 1) &&
        g.GroupInChannels >= FlippedMinimumChannels;

    /// <summary>
    /// dX as a stride-1 convolution of dY with the kernel flipped and its channels swapped, padded by
    /// dilation·(K − 1) − pad: no column gradients, no fold, at the forward pass's speed.
    /// </summary>
    private static void InputGradientAsConvolution(in ConvGeometry g, Tensor w, Tensor dy, Tensor dx, CpuWorkspace workspace)
    {
        var group = g.OneGroup();
        var kernel = g.KernelHeight;
        var depth = group.InChannels * kernel * kernel;
        var positions = g.OutHeight * g.OutWidth;
        var inputPlane = g.InHeight * g.InWidth;
        var flipped = new ConvGeometry(g.Batch, group.OutChannels, g.OutHeight, g.OutWidth, group.InChannels, kernel, kernel, 1,
            (g.Dilation * (kernel - 1)) - g.Pad, g.InHeight, g.InWidth, 1, g.Dilation);

        // On a small plane, the taps on dY's padding are skipped as in the forward pass; rows of whole row blocks run
        // from a channels-last copy of dY, as there.
        if (g.Groups == 1 && TapMajorColumns.Applies(flipped))
        {
            fixed (float* outputGradient = dy.Span, inputGradient = dx.Span)
            {
                RunTapMajor(flipped, outputGradient, workspace.PackedWeights.TapMajorA(w, g.InChannels, g.OutChannels, kernel * kernel, flipped: true),
                    inputGradient, default(ActivationEpilogue<IdentityActivation>), workspace);
            }

            return;
        }

        if (g.Groups == 1 && ChannelsLastConv.Applies(flipped))
        {
            fixed (float* outputGradient = dy.Span, inputGradient = dx.Span)
            {
                ChannelsLastConv.Forward(flipped, outputGradient, workspace.PackedWeights.TapMajorB(w, g.InChannels, g.OutChannels, kernel * kernel, flipped: true),
                    inputGradient, default(ActivationEpilogue<IdentityActivation>), workspace);
            }

            return;
        }

        var padded = PaddedInput.Helps(flipped);
        var read = padded ? PaddedInput.Unpadded(flipped) : flipped;
        var readPlane = read.InHeight * read.InWidth;
        fixed (float* outputGradient = dy.Span, inputGradient = dx.Span)
        {
            var image = padded
                ? PaddedInput.Copy(outputGradient, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, flipped.Pad, workspace)
                : outputGradient;
            for (var i = 0; i < g.Groups; i++)
            {
                var packed = workspace.PackedWeights.FlippedA(w, i * group.OutChannels * depth, group.InChannels, group.OutChannels, kernel);
                var columns = new ConvColumns(image + (nint)i * group.OutChannels * readPlane, (nint)g.OutChannels * readPlane, read, slack: padded);
                fixed (float* a = packed)
                {
                    ConvGemm.Run(a, group.InChannels, columns, g.Batch, inputGradient + (nint)i * group.InChannels * inputPlane,
                        (nint)g.InChannels * inputPlane, default(ActivationEpilogue<IdentityActivation>), workspace);
                }
            }
        }
    }

    /// <summary>A 1×1, stride-1, unpadded convolution: its columns are its input.</summary>
    private static bool IsPointwise(in ConvGeometry g) =>
        g.KernelHeight == 1 && g.KernelWidth == 1 && g.Stride == 1 && g.Pad == 0;

    internal static void Check(in ConvGeometry g, Tensor x, Tensor w, Tensor y, CpuWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentChecks.Geometry(g);
        ArgumentChecks.Length(x, nameof(x), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        ArgumentChecks.Length(w, nameof(w), g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        ArgumentChecks.Length(y, nameof(y), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
    }

    /// <summary>
    /// The sample ranges of a split weight gradient, one per worker on its own workspace: range 0 writes the group's
    /// dW, the others their worker's buffer, which the caller adds.
    /// </summary>
    private readonly struct WeightGradientRanges(
        ConvGeometry g, int group, float* input, float* outputGradient, float* target, CpuWorkspace[] workers, int ranges) : IParallelBody
    {
        public float* Partial(int range) =>
            workers[range].Pointer(WorkspaceSlot.WeightGradients, g.GroupOutChannels * g.GroupInChannels * g.KernelHeight * g.KernelWidth);

        public void Run(int index)
        {
            var first = g.Batch * index / ranges;
            var end = g.Batch * (index + 1) / ranges;
            WeightGradientRange(g, group, input, outputGradient, first, end, index == 0 ? target : Partial(index), workers[index]);
        }
    }
}
