using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// The recurrent layers' ILGPU kernels, loaded once per accelerator (a load costs 25-115 ms), each cell's pair on first
/// use.
/// </summary>
internal sealed class RecurrentKernelCache
{
    private static readonly ConditionalWeakTable<Accelerator, RecurrentKernelCache> Caches = new();
    private readonly Accelerator _accelerator;
    private readonly Dictionary<RecurrentCell, (Action<Index1D, RecurrentStepArguments> Forward, Action<Index1D, RecurrentBackwardArguments> Backward)> _cells = [];

    private RecurrentKernelCache(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _gemm = TiledGemm.For(accelerator);
        Gather = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int>(SequenceKernels.Gather);
        Scatter = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int, int>(SequenceKernels.Scatter);
        SumRows = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(SequenceKernels.SumRows);
    }

    private readonly TiledGemm _gemm;

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int> Gather { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int, int> Scatter { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> SumRows { get; }

    /// <summary>
    /// A matrix product through the tiled GEMM (<see cref="TiledGemm.Multiply"/>); <paramref name="extent"/> (rows,
    /// columns of C) is kept from the one-thread-per-output kernel's launch and checked against the arguments.
    /// </summary>
    public void Gemm(Index2D extent, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArguments g, DenseActivation activation = DenseActivation.Identity)
    {
        if (extent.X != g.M || extent.Y != g.N)
        {
            throw new ArgumentException($"The extent {extent} differs from the product's {g.M} × {g.N}.", nameof(extent));
        }

        _gemm.Multiply(a, b, c, bias, g, activation);
    }

    public static RecurrentKernelCache For(Accelerator accelerator) => Caches.GetValue(accelerator, a => new RecurrentKernelCache(a));

    /// <summary>The step kernels of <paramref name="cell"/>.</summary>
    public (Action<Index1D, RecurrentStepArguments> Forward, Action<Index1D, RecurrentBackwardArguments> Backward) Cell(RecurrentCell cell)
    {
        lock (_cells)
        {
            if (!_cells.TryGetValue(cell, out var kernels))
            {
                kernels = cell switch
                {
                    RecurrentCell.Lstm => (Load<RecurrentStepArguments>(LstmKernels.Forward), Load<RecurrentBackwardArguments>(LstmKernels.Backward)),
                    RecurrentCell.Gru => (Load<RecurrentStepArguments>(GruKernels.Forward), Load<RecurrentBackwardArguments>(GruKernels.Backward)),
                    _ => (Load<RecurrentStepArguments>(RnnKernels.Forward), Load<RecurrentBackwardArguments>(RnnKernels.Backward)),
                };
                _cells[cell] = kernels;
            }

            return kernels;
        }
    }

    private Action<Index1D, T> Load<T>(Action<Index1D, T> kernel)
        where T : struct => _accelerator.LoadAutoGroupedStreamKernel(kernel);
}
