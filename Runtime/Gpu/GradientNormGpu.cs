using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Gradient clipping by global norm on a GPU, without a host round trip. When the unfrozen gradients live in one flat
/// device buffer (the fused optimisers move them there: <see cref="FlatParameters"/>), it is two launches for all of them
/// whatever their number: one grid-strided reduction adds Σ g² over the buffer's unfrozen runs into a device scalar
/// (<see cref="ReductionKernels.SumOfSquaresOverSegments"/>), one elementwise launch scales them by a factor it reads from
/// that scalar (<see cref="ReductionKernels.ClipOverSegmentsToNorm"/>); the runs come from a segment table like the
/// optimiser's, uploaded again only when the frozen set or the gradients' placement changes. Gradients in separate
/// buffers (no fused optimiser yet) take one reduction and one scaling launch each. The norm reaches the host only when
/// <see cref="ReadNorm"/> is called. The state belongs to the parameter list (keyed by its first gradient), so two
/// trainers on one device do not share it.
/// </summary>
internal static class GradientNormGpu
{
    private const int MaxGroups = 256;

    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();
    private static readonly ConditionalWeakTable<Tensor, ClipState> States = new();

    /// <summary>Queues the norm and the clipping of every unfrozen gradient in <paramref name="parameters"/> (all on one GPU).</summary>
    public static void Clip(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        var device = parameters[0].Grad.Device;
        var accelerator = device.Accelerator;
        var kernels = Caches.GetValue(accelerator, static a => new Kernels(a));
        var state = StateOf(parameters);
        state.Total.MemSetToZero();
        var groupSize = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
        if (state.Flat(parameters) is { } flat)
        {
            var (table, count, elements) = flat;
            if (elements > 0)
            {
                var groups = ReductionKernels.Groups(accelerator, elements, groupSize, MaxGroups);
                kernels.SumOfSquaresOverSegments(new KernelConfig(groups, groupSize), state.Buffer!.View, table, count, elements, state.Total.View);
                kernels.ClipOverSegments(elements, state.Buffer!.View, table, count, state.Total.View, maxNorm);
                state.Launches += 2;
            }
        }
        else
        {
            foreach (var parameter in parameters)
            {
                if (!parameter.IsFrozen && parameter.Grad.Length > 0)
                {
                    var groups = ReductionKernels.Groups(accelerator, parameter.Grad.Length, groupSize, MaxGroups);
                    kernels.SumOfSquares(new KernelConfig(groups, groupSize), parameter.Grad.View, state.Total.View);
                    state.Launches++;
                }
            }

            foreach (var parameter in parameters)
            {
                if (!parameter.IsFrozen && parameter.Grad.Length > 0)
                {
                    kernels.ClipToNorm(parameter.Grad.Length, parameter.Grad.View, state.Total.View, maxNorm);
                    state.Launches++;
                }
            }
        }

        foreach (var parameter in parameters)
        {
            if (!parameter.IsFrozen)
            {
                parameter.Grad.MarkChanged();
            }
        }
    }

    /// <summary>The norm of the last <see cref="Clip"/> over the same list, before clipping: one transfer.</summary>
    public static float ReadNorm(IReadOnlyList<Parameter> parameters)
    {
        Span<float> sumOfSquares = stackalloc float[1];
        HostTransfer.Download(parameters[0].Grad.Device, StateOf(parameters).Total.View, sumOfSquares);
        return MathF.Sqrt(sumOfSquares[0]);
    }

    /// <summary>How many kernels the clipping of this parameter list has launched so far; tests count two per step.</summary>
    public static int Launches(IReadOnlyList<Parameter> parameters) => StateOf(parameters).Launches;

    private static ClipState StateOf(IReadOnlyList<Parameter> parameters) =>
        States.GetValue(parameters[0].Grad.Storage, static g => new ClipState(g.Device));

    /// <summary>A parameter list's device total, its segment table over a flat gradient buffer and what the table was built from.</summary>
    private sealed class ClipState(Device device)
    {
        private readonly List<(int Offset, int Length)> _runs = [];
        private MemoryBuffer1D<int, Stride1D.Dense>? _table;
        private int _count;
        private int _elements;

        public MemoryBuffer1D<float, Stride1D.Dense> Total { get; } = device.Accelerator.Allocate1D<float>(1);

        /// <summary>The flat buffer the table indexes; null before the first table.</summary>
        public MemoryBuffer1D<float, Stride1D.Dense>? Buffer { get; private set; }

        public int Launches { get; set; }

        /// <summary>
        /// The segment table of the unfrozen gradients when they all live in one buffer (rebuilt and uploaded only when
        /// their placement or the frozen set changed); null when they live in several.
        /// </summary>
        public (ArrayView<int> Table, int Count, int Elements)? Flat(IReadOnlyList<Parameter> parameters)
        {
            MemoryBuffer1D<float, Stride1D.Dense>? buffer = null;
            var run = 0;
            var changed = false;
            var elements = 0;
            var (start, end) = (-1, -1);
            foreach (var parameter in parameters)
            {
                if (parameter.IsFrozen || parameter.Grad.Length == 0)
                {
                    continue;
                }

                var (place, offset) = parameter.Grad.Placement;
                if (buffer is null)
                {
                    buffer = place;
                }
                else if (!ReferenceEquals(buffer, place))
                {
                    return null;
                }

                var length = parameter.Grad.Length;
                elements += length;
                if (offset == end)
                {
                    end += length; // the run goes on
                    continue;
                }

                if (start >= 0)
                {
                    changed |= Record(run++, start, end);
                }

                (start, end) = (offset, offset + length);
            }

            if (start >= 0)
            {
                changed |= Record(run++, start, end);
            }

            changed |= run != _runs.Count || !ReferenceEquals(buffer, Buffer) || _table is null;
            if (changed)
            {
                _runs.RemoveRange(run, _runs.Count - run);
                Upload(buffer, elements);
            }

            return (_table!.View, _count, _elements);
        }

        // Stores run `index`; true when it differs from the stored one.
        private bool Record(int index, int start, int end)
        {
            var value = (start, end - start);
            if (index < _runs.Count)
            {
                var same = _runs[index] == value;
                _runs[index] = value;
                return !same;
            }

            _runs.Add(value);
            return true;
        }

        // The table as the optimiser's: starts[0..count] in launch space (starts[count] = elements), then count offsets.
        private void Upload(MemoryBuffer1D<float, Stride1D.Dense>? buffer, int elements)
        {
            var table = new int[(2 * _runs.Count) + 1];
            for (var s = 0; s < _runs.Count; s++)
            {
                table[s + 1] = table[s] + _runs[s].Length;
                table[_runs.Count + 1 + s] = _runs[s].Offset;
            }

            if (_table is null || _table.Length < table.Length)
            {
                _table?.Dispose();
                _table = device.Accelerator.Allocate1D<int>(Math.Max(table.Length, 1));
            }

            HostTransfer.Upload(device, (ReadOnlySpan<int>)table, _table.View);
            (Buffer, _count, _elements) = (buffer, _runs.Count, elements);
        }
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<KernelConfig, ArrayView<float>, ArrayView<float>> SumOfSquares { get; } =
            accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>>(ReductionKernels.SumOfSquares);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, float> ClipToNorm { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(ReductionKernels.ClipToNorm);

        public Action<KernelConfig, ArrayView<float>, ArrayView<int>, int, int, ArrayView<float>> SumOfSquaresOverSegments { get; } =
            accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<int>, int, int, ArrayView<float>>(ReductionKernels.SumOfSquaresOverSegments);

        public Action<Index1D, ArrayView<float>, ArrayView<int>, int, ArrayView<float>, float> ClipOverSegments { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int, ArrayView<float>, float>(
                ReductionKernels.ClipOverSegmentsToNorm);
    }
}
