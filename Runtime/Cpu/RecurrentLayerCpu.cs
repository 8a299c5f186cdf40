namespace Strata.Cpu;

/// <summary>
/// One direction of one recurrent layer on the CPU, for any cell kind. Forward: one GEMM projects the inputs of all
/// steps (b_ih in its epilogue); then the time loop (<see cref="RecurrentForwardSteps{TCell, TKernel}"/>) fuses each
/// step's h_prev·W_hhᵀ + b_hh with the cell. Backward (BPTT): the time loop
/// (<see cref="RecurrentBackwardSteps{TCell, TKernel}"/>) fuses each step's cell backward (and the bias gradients)
/// with the GEMM for ∂L/∂h_prev; after it, one GEMM each over all steps for dW_ih, dW_hh and dx.
/// </summary>
/// <remarks>
/// Work runs in processing order (see <see cref="SequenceOrder"/>): the input is gathered into [T, N, I] so each
/// step's rows are contiguous, and the outputs are scattered back to batch-first time order.
/// Saved layout (floats): H states [(T+1), N, H] (h0 first), then, for cells with c, C states [(T+1), N, H], then
/// the cell's saved vectors [T, N, SavedVectors·H].
/// </remarks>
internal static unsafe class RecurrentLayerCpu<TCell>
    where TCell : struct, IRecurrentCell
{
    // Outputs of at least this many floats (256 KB) are copied to y on all cores.
    private const long ParallelCopyFloats = 1L << 16;

    public static int SavedLength(RecurrentGeometry g)
    {
        long states = (long)(g.Steps + 1) * g.Batch * g.Hidden * (TCell.HasCellState ? 2 : 1);
        long vectors = (long)g.Steps * g.Batch * TCell.SavedVectors * g.Hidden;
        return checked((int)(states + vectors));
    }

    public static void Forward(
        RecurrentGeometry g, Tensor x, RecurrentWeights w, Tensor y, Tensor? saved, RecurrentOptions? options,
        Tensor? h0, Tensor? c0, Tensor? hN, Tensor? cN, CpuWorkspace workspace)
    {
        options ??= RecurrentOptions.Default;
        ArgumentNullException.ThrowIfNull(workspace);
        var width = Check(g, x, w, options);
        ArgumentChecks.Length(y, nameof(y), g.Batch, g.Steps, width);
        CheckStates(g, h0, nameof(h0), c0, nameof(c0), hN, nameof(hN), cN, nameof(cN));
        if (saved is not null)
        {
            ArgumentChecks.Length(saved, nameof(saved), SavedLength(g));
        }

        var (n, t, hidden) = (g.Batch, g.Steps, g.Hidden);
        var gateWidth = TCell.Gates * hidden;
        var stateLength = n * hidden;
        // Inference keeps the states (the loop reads them) but not the cell's saved vectors, which only backward reads.
        var store = saved is null ? workspace.Pointer(WorkspaceSlot.RecurrentSaved, (t + 1) * stateLength * (TCell.HasCellState ? 2 : 1)) : saved.Pointer;
        var cellStart = (t + 1) * stateLength;

        var input = GatherInput(g, x.Pointer, options, workspace);
        var inputGates = workspace.Pointer(WorkspaceSlot.RecurrentInputGates, t * n * gateWidth);
        // W_ihᵀ packed once per weight version (in evaluation, once), as the dense layers do.
        var packedIh = workspace.PackedWeights.TransposedB(w.WeightIh, gateWidth, g.InputSize);
        Gemm.MultiplyPackedB(t * n, gateWidth, g.InputSize, input, g.InputSize, false, packedIh,
            SpanVectors.Of(inputGates, 0, t * n * gateWidth), gateWidth, false, new ColumnBiasEpilogue<IdentityActivation>(w.BiasIh.Pointer), workspace);

        InitialState(h0, SpanVectors.Of(store, 0, stateLength));
        if (TCell.HasCellState)
        {
            InitialState(c0, SpanVectors.Of(store, cellStart, stateLength));
        }

        RunForwardSteps(g, options, store, saved is not null, inputGates, w, workspace);
        ScatterOutput(g, store, y.Pointer, options, width);
        hN?.CopyFrom(SpanVectors.Of(store, t * stateLength, stateLength));
        if (TCell.HasCellState)
        {
            cN?.CopyFrom(SpanVectors.Of(store, cellStart + t * stateLength, stateLength));
        }
    }

    public static void Backward(
        RecurrentGeometry g, Tensor x, RecurrentWeights w, Tensor saved, Tensor dy, RecurrentWeights? gradients,
        RecurrentOptions? options, Tensor? dhN, Tensor? dcN, Tensor? dx, bool accumulateDx, Tensor? dh0, Tensor? dc0,
        CpuWorkspace workspace)
    {
        options ??= RecurrentOptions.Default;
        ArgumentNullException.ThrowIfNull(workspace);
        var width = Check(g, x, w, options);
        ArgumentChecks.Length(saved, nameof(saved), SavedLength(g));
        ArgumentChecks.Length(dy, nameof(dy), g.Batch, g.Steps, width);
        if (gradients is not null)
        {
            CheckWeights(g, gradients, "gradients.");
        }

        CheckStates(g, dhN, nameof(dhN), dcN, nameof(dcN), dh0, nameof(dh0), dc0, nameof(dc0));
        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.Steps, g.InputSize);
        }

        var (n, t, hidden, inputSize) = (g.Batch, g.Steps, g.Hidden, g.InputSize);
        var gateWidth = TCell.Gates * hidden;
        var stateLength = n * hidden;
        var store = saved.Pointer;
        var gatesLength = t * n * gateWidth;

        var dGatesInput = workspace.Pointer(WorkspaceSlot.RecurrentInputGates, gatesLength);
        var dGatesHidden = TCell.SeparateHiddenGateGradient ? workspace.Pointer(WorkspaceSlot.RecurrentHiddenGates, gatesLength) : dGatesInput;
        var stateGradients = workspace.Pointer(WorkspaceSlot.RecurrentStateGradients, 3 * stateLength);
        var dcStart = 2 * stateLength;
        InitialState(dhN, SpanVectors.Of(stateGradients, 0, stateLength));
        InitialState(TCell.HasCellState ? dcN : null, SpanVectors.Of(stateGradients, dcStart, stateLength));

        var dh0Start = RunBackwardSteps(g, options, width, store, dy.Pointer, w, dGatesInput, dGatesHidden, stateGradients, gradients, workspace);
        dh0?.CopyFrom(SpanVectors.Of(stateGradients, dh0Start, stateLength));
        if (TCell.HasCellState)
        {
            dc0?.CopyFrom(SpanVectors.Of(stateGradients, dcStart, stateLength));
        }

        var identity = default(ActivationEpilogue<IdentityActivation>);
        var input = GatherInput(g, x.Pointer, options, workspace);
        if (gradients is not null)
        {
            Gemm.Multiply(gateWidth, inputSize, t * n, SpanVectors.Of(dGatesInput, 0, gatesLength), gateWidth, true, input, inputSize, false,
                gradients.WeightIh.Span, inputSize, false, identity, workspace);
            Gemm.Multiply(gateWidth, hidden, t * n, SpanVectors.Of(dGatesHidden, 0, gatesLength), gateWidth, true,
                SpanVectors.Of(store, 0, t * stateLength), hidden, false, gradients.WeightHh.Span, hidden, false, identity, workspace);
            if (!TCell.SeparateHiddenGateGradient)
            {
                gradients.BiasIh.Span.CopyTo(gradients.BiasHh.Span);
            }
        }

        if (dx is not null)
        {
            var dInput = workspace.Pointer(WorkspaceSlot.RecurrentInputGradient, t * n * inputSize);
            Gemm.Multiply(t * n, inputSize, gateWidth, SpanVectors.Of(dGatesInput, 0, gatesLength), gateWidth, false,
                w.WeightIh.Span, inputSize, false, SpanVectors.Of(dInput, 0, t * n * inputSize), inputSize, false, identity, workspace);
            ScatterInputGradient(g, dInput, dx.Pointer, options, accumulateDx);
        }
    }

    /// <summary>x [N, T, I] in time order → [T, N, I] in processing order.</summary>
    private static ReadOnlySpan<float> GatherInput(RecurrentGeometry g, float* x, RecurrentOptions options, CpuWorkspace workspace)
    {
        var (n, t, inputSize) = (g.Batch, g.Steps, g.InputSize);
        var gathered = workspace.Pointer(WorkspaceSlot.RecurrentInput, t * n * inputSize);
        for (var sequence = 0; sequence < n; sequence++)
        {
            var length = options.Lengths?[sequence] ?? t;
            for (var step = 0; step < t; step++)
            {
                var time = SequenceOrder.TimeOf(step, length, options.Reverse);
                SpanVectors.Of(x, (sequence * t + time) * inputSize, inputSize).CopyTo(SpanVectors.Of(gathered, (step * n + sequence) * inputSize, inputSize));
            }
        }

        return SpanVectors.Of(gathered, 0, t * n * inputSize);
    }

    /// <summary>
    /// The states h_1 … h_T ([T, N, H] in processing order, in the saved layout) → y [N, T, width] in time order at
    /// the direction's offset; zeros at and past each sequence's length. One pass after the time loop: written from
    /// the loop, each step scattered its rows one unit block at a time across y (about a tenth of the layer's time).
    /// </summary>
    internal static void ScatterOutput(RecurrentGeometry g, float* store, float* y, RecurrentOptions options, int width)
    {
        var sequences = new OutputSequences(g, store, y, options, width);
        if ((long)g.Batch * g.Steps * g.Hidden >= ParallelCopyFloats)
        {
            CpuParallel.For(g.Batch, ref sequences);
        }
        else
        {
            for (var sequence = 0; sequence < g.Batch; sequence++)
            {
                sequences.Run(sequence);
            }
        }
    }

    /// <summary>One sequence's rows of y per iteration (<see cref="ScatterOutput"/>).</summary>
    private readonly struct OutputSequences(RecurrentGeometry g, float* store, float* y, RecurrentOptions options, int width) : IParallelBody
    {
        public void Run(int sequence)
        {
            var (n, t, hidden) = (g.Batch, g.Steps, g.Hidden);
            var length = options.Lengths?[sequence] ?? t;
            for (var step = 0; step < t; step++)
            {
                var time = SequenceOrder.TimeOf(step, length, options.Reverse);
                var target = SpanVectors.Of(y, (sequence * t + time) * width + options.OutputOffset, hidden);
                if (step < length)
                {
                    SpanVectors.Of(store, ((step + 1) * n + sequence) * hidden, hidden).CopyTo(target);
                }
                else
                {
                    target.Clear();
                }
            }
        }
    }

    private static void ScatterInputGradient(RecurrentGeometry g, float* dInput, float* dx, RecurrentOptions options, bool accumulate)
    {
        var (n, t, inputSize) = (g.Batch, g.Steps, g.InputSize);
        for (var sequence = 0; sequence < n; sequence++)
        {
            var length = options.Lengths?[sequence] ?? t;
            for (var step = 0; step < t; step++)
            {
                var time = SequenceOrder.TimeOf(step, length, options.Reverse);
                var source = SpanVectors.Of(dInput, (step * n + sequence) * inputSize, inputSize);
                var target = SpanVectors.Of(dx, (sequence * t + time) * inputSize, inputSize);
                if (accumulate)
                {
                    SpanVectors.AddTo(source, target);
                }
                else
                {
                    source.CopyTo(target);
                }
            }
        }
    }

    private static void InitialState(Tensor? state, Span<float> target)
    {
        if (state is null)
        {
            target.Clear();
        }
        else
        {
            state.Span.CopyTo(target);
        }
    }

    private static void RunForwardSteps(
        RecurrentGeometry g, RecurrentOptions options, float* store, bool saveVectors, float* inputGates,
        RecurrentWeights w, CpuWorkspace workspace)
    {
        var weights = w.WeightHh;
        var bias = w.BiasHh.Pointer;
        switch (Gemm.BestKernel)
        {
            case GemmKernel.Avx512:
                Run(new RecurrentForwardSteps<TCell, Avx512MicroKernel>(g, options, store, saveVectors, inputGates, weights, bias, BiasScratch<Avx512MicroKernel>(g, workspace), workspace));
                break;
            case GemmKernel.Avx2:
                Run(new RecurrentForwardSteps<TCell, Avx2MicroKernel>(g, options, store, saveVectors, inputGates, weights, bias, BiasScratch<Avx2MicroKernel>(g, workspace), workspace));
                break;
            default:
                Run(new RecurrentForwardSteps<TCell, PortableMicroKernel>(g, options, store, saveVectors, inputGates, weights, bias, BiasScratch<PortableMicroKernel>(g, workspace), workspace));
                break;
        }

        static void Run<TKernel>(RecurrentForwardSteps<TCell, TKernel> steps)
            where TKernel : struct, IMicroKernel =>
            PhasedWorkers.Run(ref steps, PhasedWorkers.Count(steps.FlopsPerStep, steps.Items(0)));
    }

    /// <summary>The scratch of the time loop's permuted b_hh.</summary>
    private static float* BiasScratch<TKernel>(RecurrentGeometry g, CpuWorkspace workspace)
        where TKernel : struct, IMicroKernel =>
        workspace.Pointer(WorkspaceSlot.RecurrentHiddenBias, RecurrentForwardSteps<TCell, TKernel>.BiasLength(g.Hidden));

    /// <summary>Runs the backward time loop; returns where ∂L/∂h0 ends up in <paramref name="stateGradients"/>.</summary>
    private static int RunBackwardSteps(
        RecurrentGeometry g, RecurrentOptions options, int width, float* store, float* dy, RecurrentWeights w,
        float* dGatesInput, float* dGatesHidden, float* stateGradients, RecurrentWeights? gradients, CpuWorkspace workspace)
    {
        // Frozen weights get no gradient: the loop still sums the bias part while the gate gradients are in cache, into scratch.
        var gateWidth = TCell.Gates * g.Hidden;
        var weights = w.WeightHh.Pointer;
        var biasIh = gradients is null ? workspace.Pointer(WorkspaceSlot.RecurrentFrozenInputBias, gateWidth) : gradients.BiasIh.Pointer;
        var biasHh = gradients is null ? workspace.Pointer(WorkspaceSlot.RecurrentFrozenHiddenBias, gateWidth) : gradients.BiasHh.Pointer;
        return Gemm.BestKernel switch
        {
            GemmKernel.Avx512 => Run(new RecurrentBackwardSteps<TCell, Avx512MicroKernel>(
                g, options, width, store, dy, weights, dGatesInput, dGatesHidden, stateGradients, biasIh, biasHh, workspace)),
            GemmKernel.Avx2 => Run(new RecurrentBackwardSteps<TCell, Avx2MicroKernel>(
                g, options, width, store, dy, weights, dGatesInput, dGatesHidden, stateGradients, biasIh, biasHh, workspace)),
            _ => Run(new RecurrentBackwardSteps<TCell, PortableMicroKernel>(
                g, options, width, store, dy, weights, dGatesInput, dGatesHidden, stateGradients, biasIh, biasHh, workspace)),
        };

        static int Run<TKernel>(RecurrentBackwardSteps<TCell, TKernel> steps)
            where TKernel : struct, IMicroKernel
        {
            PhasedWorkers.Run(ref steps, PhasedWorkers.Count(steps.FlopsPerStep, steps.Items(0)));
            return steps.HiddenGradientStart(-1);
        }
    }

    /// <summary>Checks the sizes, x, the weights and the options; returns the row width of y.</summary>
    internal static int Check(RecurrentGeometry g, Tensor x, RecurrentWeights w, RecurrentOptions options)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentChecks.AtLeast(g.Batch, 1, "geometry.Batch");
        ArgumentChecks.AtLeast(g.Steps, 1, "geometry.Steps");
        ArgumentChecks.AtLeast(g.InputSize, 1, "geometry.InputSize");
        ArgumentChecks.AtLeast(g.Hidden, 1, "geometry.Hidden");
        ArgumentChecks.Length(x, nameof(x), g.Batch, g.Steps, g.InputSize);
        CheckWeights(g, w, "weights.");

        var width = options.OutputWidth == 0 ? g.Hidden : options.OutputWidth;
        if (options.OutputOffset < 0 || options.OutputOffset + g.Hidden > width)
        {
            throw new ArgumentException(
                $"Output columns [{options.OutputOffset}, {options.OutputOffset + g.Hidden}) must lie inside a row of width {width}.", nameof(options));
        }

        if (options.Lengths is { } lengths)
        {
            if (lengths.Length != g.Batch)
            {
                throw new ArgumentException($"'lengths' should hold {g.Batch} values (one per sequence), got {lengths.Length}.", nameof(options));
            }

            for (var i = 0; i < lengths.Length; i++)
            {
                if (lengths[i] < 1 || lengths[i] > g.Steps)
                {
                    throw new ArgumentException($"lengths[{i}] must be in 1..{g.Steps}, got {lengths[i]}.", nameof(options));
                }
            }
        }

        return width;
    }

    internal static void CheckWeights(RecurrentGeometry g, RecurrentWeights w, string prefix)
    {
        ArgumentNullException.ThrowIfNull(w);
        var gateRows = TCell.Gates * g.Hidden;
        ArgumentChecks.Length(w.WeightIh, prefix, nameof(w.WeightIh), gateRows, g.InputSize);
        ArgumentChecks.Length(w.WeightHh, prefix, nameof(w.WeightHh), gateRows, g.Hidden);
        ArgumentChecks.Length(w.BiasIh, prefix, nameof(w.BiasIh), gateRows);
        ArgumentChecks.Length(w.BiasHh, prefix, nameof(w.BiasHh), gateRows);
    }

    private static void CheckState(RecurrentGeometry g, Tensor? state, string name)
    {
        if (state is not null)
        {
            ArgumentChecks.Length(state, name, g.Batch, g.Hidden);
        }
    }

    internal static void CheckStates(RecurrentGeometry g, Tensor? h1, string h1Name, Tensor? c1, string c1Name, Tensor? h2, string h2Name, Tensor? c2, string c2Name)
    {
        // One call per state, not a loop over an array of them: this runs on every call.
        CheckState(g, h1, h1Name);
        CheckState(g, h2, h2Name);
        CheckState(g, c1, c1Name);
        CheckState(g, c2, c2Name);

        if (!TCell.HasCellState && (c1 is not null || c2 is not null))
        {
            throw new ArgumentException($"This cell has no cell state; pass null for '{c1Name}' and '{c2Name}'.");
        }
    }
}
