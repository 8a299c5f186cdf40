using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Cpu;

/// <summary>
/// The time loop of a recurrent layer's forward pass, fused. For each step and block of hidden units (the micro-kernel's
/// width), the micro-kernel computes every gate's h_prev·W_hhᵀ + b_hh for those units into a tile on the stack, and the
/// cell consumes the tile at once, writing h (and c). Phase s is step s; the blocks of hidden units are the items of
/// every phase.
/// </summary>
/// <remarks>
/// W_hhᵀ is packed with its panels grouped by unit block (the G gate panels of one block side by side), once per weight
/// version (<see cref="PackedWeightCache.RecurrentB"/>), so an item reads one contiguous slab of weights; the same
/// worker runs the same block every step, with its slab in its own core's cache (see <see cref="PhasedWorkers"/>). The
/// micro-kernel reads h_prev in place from the saved states, so nothing is packed per step.
/// </remarks>
internal readonly unsafe struct RecurrentForwardSteps<TCell, TKernel> : IPhasedWork
    where TCell : struct, IRecurrentCell
    where TKernel : struct, IMicroKernel
{
    private readonly RecurrentGeometry _g;
    private readonly RecurrentOptions _options;
    private readonly float* _store;
    private readonly bool _saveVectors;
    private readonly float* _inputGates;
    private readonly float* _packedWeights;
    private readonly float* _bias;
    private readonly int _stateLength;
    private readonly int _cellStart;
    private readonly int _vectorsStart;
    private readonly int _unitBlocks;

    /// <summary>
    /// Prepares the loop over <paramref name="store"/> (the saved layout of <see cref="RecurrentLayerCpu{TCell}"/>,
    /// initial states already in place; without its cell vectors unless <paramref name="saveVectors"/>) and
    /// <paramref name="inputGates"/> (W_ih x + b_ih, [T, N, G·H] in processing order). The loop writes only the
    /// states; the caller copies them to y afterwards. <paramref name="biasScratch"/> (<see cref="BiasLength"/> floats)
    /// receives b_hh in the packed weights' order, so that stacked layers each keep their own.
    /// </summary>
    public RecurrentForwardSteps(
        RecurrentGeometry g, RecurrentOptions options, float* store, bool saveVectors, float* inputGates,
        Tensor weightHh, float* biasHh, float* biasScratch, CpuWorkspace workspace)
    {
        (_g, _options) = (g, options);
        _store = store;
        _inputGates = inputGates;
        _saveVectors = saveVectors;
        _stateLength = g.Batch * g.Hidden;
        _cellStart = (g.Steps + 1) * _stateLength;
        _vectorsStart = _cellStart * (TCell.HasCellState ? 2 : 1);
        _unitBlocks = GemmPacking.BlockCount(g.Hidden, TKernel.Columns);
        // Pinned: the cache's arrays stay where they are.
        _packedWeights = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(workspace.PackedWeights.RecurrentB(weightHh, TCell.Gates, g.Hidden)));
        _bias = PermuteBias(biasHh, biasScratch);
    }

    /// <summary>Floating-point operations of one step's recurrent GEMM, which decide whether the loop fans out.</summary>
    public long FlopsPerStep => 2L * _g.Batch * TCell.Gates * _g.Hidden * _g.Hidden;

    /// <inheritdoc />
    public int Phases => _g.Steps;

    /// <inheritdoc />
    public int Items(int phase) => _unitBlocks;

    /// <inheritdoc />
    public void Run(int phase, int item) => Step(phase, item);

    /// <summary>The floats of the scratch that holds b_hh in the packed weights' column order.</summary>
    public static int BiasLength(int hidden) => GemmPacking.BlockCount(hidden, TKernel.Columns) * TCell.Gates * TKernel.Columns;

    /// <summary>b_hh in the packed weights' column order, zero-padded, for the micro-kernel's bias epilogue.</summary>
    private float* PermuteBias(float* biasHh, float* bias)
    {
        var columns = TKernel.Columns;
        for (var block = 0; block < _unitBlocks; block++)
        {
            var unit0 = block * columns;
            var units = Math.Min(columns, _g.Hidden - unit0);
            for (var gate = 0; gate < TCell.Gates; gate++)
            {
                var target = SpanVectors.Of(bias, (block * TCell.Gates + gate) * columns, columns);
                SpanVectors.Of(biasHh, gate * _g.Hidden + unit0, units).CopyTo(target);
                target[units..].Clear();
            }
        }

        return bias;
    }

    [SkipLocalsInit] // the kernel overwrites the whole tile
    private void Step(int step, int block)
    {
        var (rowsPerBlock, columns, hidden) = (TKernel.Rows, TKernel.Columns, _g.Hidden);
        var gateTile = rowsPerBlock * columns;
        var tile = stackalloc float[TCell.Gates * gateTile];
        var unit0 = block * columns;
        var units = Math.Min(columns, hidden - unit0);
        var bias = new ColumnBiasEpilogue<IdentityActivation>(_bias);
        var previous = _store + (nint)step * _stateLength;
        var slab = _packedWeights + (nint)block * TCell.Gates * columns * hidden;
        for (var row = 0; row < _g.Batch; row += rowsPerBlock)
        {
            var rows = Math.Min(rowsPerBlock, _g.Batch - row);
            for (var gate = 0; gate < TCell.Gates; gate++)
            {
                TKernel.RunRowMajorA(
                    previous + (nint)row * hidden, hidden, rows, slab + (nint)gate * columns * hidden, columns, hidden,
                    tile + gate * gateTile, columns, false, bias, 0, (block * TCell.Gates + gate) * columns);
            }

            for (var r = 0; r < rows; r++)
            {
                var gh = new ReadOnlySpan<float>(tile + r * columns, (TCell.Gates - 1) * gateTile + units);
                StepSequence(step, row + r, unit0, units, gh, gateTile);
            }
        }
    }

    /// <summary>One sequence's units [unit0, unit0 + units) at one step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called thousands of times per call from the first
    private void StepSequence(int step, int sequence, int unit0, int units, ReadOnlySpan<float> gh, int ghStride)
    {
        var (batch, hidden) = (_g.Batch, _g.Hidden);
        var length = _options.Lengths?[sequence] ?? _g.Steps;
        var previous = step * _stateLength + sequence * hidden + unit0;
        var next = previous + _stateLength;
        var h = SpanVectors.Of(_store, next, units);
        if (step >= length)
        {
            SpanVectors.Of(_store, previous, units).CopyTo(h);
            if (TCell.HasCellState)
            {
                SpanVectors.Of(_store, _cellStart + previous, units).CopyTo(SpanVectors.Of(_store, _cellStart + next, units));
            }

            return;
        }

        var row = step * batch + sequence;
        var vectors = TCell.SavedVectors;
        TCell.Forward(
            SpanVectors.Of(_inputGates, row * TCell.Gates * hidden + unit0, (TCell.Gates - 1) * hidden + units), hidden,
            gh, ghStride,
            SpanVectors.Of(_store, previous, units),
            TCell.HasCellState ? SpanVectors.Of(_store, _cellStart + previous, units) : default,
            h,
            TCell.HasCellState ? SpanVectors.Of(_store, _cellStart + next, units) : default,
            vectors == 0 || !_saveVectors ? default : SpanVectors.Of(_store, _vectorsStart + row * vectors * hidden + unit0, (vectors - 1) * hidden + units),
            hidden);
    }
}
