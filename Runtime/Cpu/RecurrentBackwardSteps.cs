using System.Runtime.CompilerServices;

namespace Strata.Cpu;

/// <summary>
/// The time loop of a recurrent layer's backward pass (BPTT), fused. Per step s, from the last: the cell's backward
/// turns ∂L/∂h_s into the gate gradients (written in the [T, N, G·H] layout that the micro-kernel reads in place and
/// the weight-gradient GEMMs read after the loop, and summed into the bias gradients), then ∂L/∂h_{s−1} = direct part +
/// dGates_hidden·W_hh. The blocks of hidden units are the items: an item's cell work needs only its own units of ∂L/∂h,
/// and its GEMM produces only its own units of ∂L/∂h_{s−1}, so one item runs the GEMM of step s and then the cell of
/// step s − 1, and each step needs one phase boundary (the GEMM reads every unit's gate gradients).
/// </summary>
/// <remarks>
/// Phase 0 packs W_hh ([G·H, H], panels over H) and runs the cell of step T − 1; phase p runs the GEMM of step T − p
/// and the cell of step T − 1 − p; phase T runs the GEMM of step 0. ∂L/∂h has two buffers that alternate by step.
/// </remarks>
internal readonly unsafe struct RecurrentBackwardSteps<TCell, TKernel> : IPhasedWork
    where TCell : struct, IRecurrentCell
    where TKernel : struct, IMicroKernel
{
    private readonly RecurrentGeometry _g;
    private readonly RecurrentOptions _options;
    private readonly int _width;
    private readonly float* _store;
    private readonly float* _dy;
    private readonly float* _weightHh;
    private readonly float* _dGatesInput;
    private readonly float* _dGatesHidden;
    private readonly float* _stateGradients;
    private readonly float* _biasIhGradient;
    private readonly float* _biasHhGradient;
    private readonly float* _packedWeights;
    private readonly int _stateLength;
    private readonly int _cellStart;
    private readonly int _vectorsStart;
    private readonly int _gateWidth;
    private readonly int _unitBlocks;

    /// <summary>
    /// Prepares the loop. <paramref name="stateGradients"/> holds two ∂L/∂h buffers and ∂L/∂c, each [N, H]:
    /// <see cref="HiddenGradientStart"/> of step T − 1 and ∂L/∂c must already hold ∂L/∂h_N and ∂L/∂c_N. The loop
    /// sums the gate gradients into <paramref name="biasIhGradient"/> (and, for a separate hidden part,
    /// <paramref name="biasHhGradient"/>) while they are in cache; it clears them first.
    /// </summary>
    public RecurrentBackwardSteps(
        RecurrentGeometry g, RecurrentOptions options, int width, float* store, float* dy, float* weightHh,
        float* dGatesInput, float* dGatesHidden, float* stateGradients, float* biasIhGradient, float* biasHhGradient,
        CpuWorkspace workspace)
    {
        (_g, _options, _width) = (g, options, width);
        _store = store;
        _dy = dy;
        _weightHh = weightHh;
        _dGatesInput = dGatesInput;
        _dGatesHidden = dGatesHidden;
        _stateGradients = stateGradients;
        _biasIhGradient = biasIhGradient;
        _biasHhGradient = biasHhGradient;
        _stateLength = g.Batch * g.Hidden;
        _cellStart = (g.Steps + 1) * _stateLength;
        _vectorsStart = _cellStart * (TCell.HasCellState ? 2 : 1);
        _gateWidth = TCell.Gates * g.Hidden;
        _unitBlocks = GemmPacking.BlockCount(g.Hidden, TKernel.Columns);
        _packedWeights = workspace.Pointer(WorkspaceSlot.RecurrentPackedWeights, _unitBlocks * TKernel.Columns * _gateWidth);
        SpanVectors.Of(biasIhGradient, 0, _gateWidth).Clear();
        if (TCell.SeparateHiddenGateGradient)
        {
            SpanVectors.Of(biasHhGradient, 0, _gateWidth).Clear();
        }
    }

    /// <summary>Floating-point operations of one step's recurrent GEMM, which decide whether the loop fans out.</summary>
    public long FlopsPerStep => 2L * _g.Batch * _gateWidth * _g.Hidden;

    /// <summary>Where ∂L/∂h_step starts in the state gradients, for step −1 (∂L/∂h0) up to T − 1.</summary>
    public int HiddenGradientStart(int step) => (_g.Steps - 1 - step) % 2 * _stateLength;

    /// <summary>Where ∂L/∂c starts in the state gradients.</summary>
    public int CellGradientStart => 2 * _stateLength;

    /// <inheritdoc />
    public int Phases => _g.Steps + 1;

    /// <inheritdoc />
    public int Items(int phase) => _unitBlocks;

    /// <inheritdoc />
    public void Run(int phase, int item)
    {
        var steps = _g.Steps;
        if (phase == 0)
        {
            PackWeights(item);
        }
        else
        {
            HiddenGradient(steps - phase, item);
        }

        if (phase < steps)
        {
            GateGradients(steps - 1 - phase, item);
        }
    }

    private void PackWeights(int panel)
    {
        GemmPacking.PackB(_weightHh, _g.Hidden, false, _g.Hidden, _gateWidth, TKernel.Columns, panel, _packedWeights);
    }

    /// <summary>∂L/∂h_{step−1} (its direct part already in place) += dGates_hidden(step)·W_hh, for one block of units.</summary>
    [SkipLocalsInit] // the kernel overwrites the whole edge tile
    private void HiddenGradient(int step, int block)
    {
        var (rowsPerBlock, columns, hidden) = (TKernel.Rows, TKernel.Columns, _g.Hidden);
        var unit0 = block * columns;
        var units = Math.Min(columns, hidden - unit0);
        var edge = stackalloc float[rowsPerBlock * columns];
        var identity = default(ActivationEpilogue<IdentityActivation>);
        var dGates = TCell.SeparateHiddenGateGradient ? _dGatesHidden : _dGatesInput;
        var a = dGates + (nint)step * _g.Batch * _gateWidth;
        var panel = _packedWeights + (nint)block * columns * _gateWidth;
        var target = _stateGradients + HiddenGradientStart(step - 1) + unit0;
        for (var row = 0; row < _g.Batch; row += rowsPerBlock)
        {
            var blockA = a + (nint)row * _gateWidth;
            var destination = target + (nint)row * hidden;
            var rows = Math.Min(rowsPerBlock, _g.Batch - row);
            if (rows == rowsPerBlock && units == columns)
            {
                TKernel.RunRowMajorA(blockA, _gateWidth, rows, panel, columns, _gateWidth, destination, hidden, true, identity, 0, 0);
                continue;
            }

            TKernel.RunRowMajorA(blockA, _gateWidth, rows, panel, columns, _gateWidth, edge, columns, false, identity, 0, 0);
            for (var r = 0; r < rows; r++)
            {
                SpanVectors.AddTo(new ReadOnlySpan<float>(edge + r * columns, units), new Span<float>(destination + (nint)r * hidden, units));
            }
        }
    }

    /// <summary>
    /// The cell's backward at one step for one block of units, every sequence: gate gradients (also summed into the
    /// bias gradients), ∂L/∂c_{step−1} and the direct part of ∂L/∂h_{step−1}.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // its loops run from the first call
    private void GateGradients(int step, int block)
    {
        var (batch, steps, hidden, gateWidth) = (_g.Batch, _g.Steps, _g.Hidden, _gateWidth);
        var unit0 = block * TKernel.Columns;
        var units = Math.Min(TKernel.Columns, hidden - unit0);
        var gatesLength = (TCell.Gates - 1) * hidden + units;
        var (current, previous) = (HiddenGradientStart(step), HiddenGradientStart(step - 1));
        for (var sequence = 0; sequence < batch; sequence++)
        {
            var length = _options.Lengths?[sequence] ?? steps;
            var row = step * batch + sequence;
            var dh = SpanVectors.Of(_stateGradients, current + sequence * hidden + unit0, units);
            var dhPrevious = SpanVectors.Of(_stateGradients, previous + sequence * hidden + unit0, units);
            var dGatesInput = SpanVectors.Of(_dGatesInput, row * gateWidth + unit0, gatesLength);
            var dGatesHidden = TCell.SeparateHiddenGateGradient ? SpanVectors.Of(_dGatesHidden, row * gateWidth + unit0, gatesLength) : dGatesInput;
            if (step >= length)
            {
                for (var gate = 0; gate < TCell.Gates; gate++)
                {
                    dGatesInput.Slice(gate * hidden, units).Clear();
                    if (TCell.SeparateHiddenGateGradient)
                    {
                        dGatesHidden.Slice(gate * hidden, units).Clear();
                    }
                }

                dh.CopyTo(dhPrevious);
            }
            else
            {
                var time = SequenceOrder.TimeOf(step, length, _options.Reverse);
                SpanVectors.AddTo(SpanVectors.Of(_dy, (sequence * steps + time) * _width + _options.OutputOffset + unit0, units), dh);
                var state = step * _stateLength + sequence * hidden + unit0;
                var vectors = TCell.SavedVectors;
                TCell.Backward(
                    dh,
                    TCell.HasCellState ? SpanVectors.Of(_stateGradients, CellGradientStart + sequence * hidden + unit0, units) : default,
                    vectors == 0 ? default : SpanVectors.Of(_store, _vectorsStart + row * vectors * hidden + unit0, (vectors - 1) * hidden + units),
                    SpanVectors.Of(_store, state + _stateLength, units),
                    SpanVectors.Of(_store, state, units),
                    TCell.HasCellState ? SpanVectors.Of(_store, _cellStart + state + _stateLength, units) : default,
                    TCell.HasCellState ? SpanVectors.Of(_store, _cellStart + state, units) : default,
                    dGatesInput,
                    TCell.SeparateHiddenGateGradient ? dGatesHidden : default,
                    hidden,
                    dhPrevious);
                for (var gate = 0; gate < TCell.Gates; gate++)
                {
                    var bias = gate * hidden + unit0;
                    SpanVectors.AddTo(dGatesInput.Slice(gate * hidden, units), SpanVectors.Of(_biasIhGradient, bias, units));
                    if (TCell.SeparateHiddenGateGradient)
                    {
                        SpanVectors.AddTo(dGatesHidden.Slice(gate * hidden, units), SpanVectors.Of(_biasHhGradient, bias, units));
                    }
                }
            }
        }
    }
}
