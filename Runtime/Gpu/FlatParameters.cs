using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// An optimiser's parameters on a GPU kept in flat device buffers, so one launch updates them all: the values, the
/// gradients and each per-parameter state tensor (momentum, moments) move into one buffer each, parameter p at the same
/// offset in every buffer (<see cref="Tensor.MoveInto"/>; the model keeps using the same <see cref="Parameter"/> and
/// <see cref="Tensor"/> objects). A launch covers the unfrozen parameters through a small table of segments (runs of
/// consecutive unfrozen parameters), uploaded only when the frozen set changes.
/// </summary>
internal sealed class FlatParameters
{
    private readonly Parameter[] _parameters;
    private readonly Device _device;
    private readonly int[] _offsets;
    private readonly bool[] _frozen;
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> _buffers = [];
    private MemoryBuffer1D<int, Stride1D.Dense>? _segments;

    /// <summary>
    /// Moves the values and gradients of <paramref name="parameters"/> (all on the GPU <paramref name="device"/>) and
    /// the tensors of each state (one per parameter, same lengths) into flat buffers.
    /// </summary>
    public FlatParameters(Parameter[] parameters, Device device, params Tensor[][] states)
    {
        _parameters = parameters;
        _device = device;
        _offsets = new int[parameters.Length + 1];
        for (var p = 0; p < parameters.Length; p++)
        {
            _offsets[p + 1] = checked(_offsets[p] + parameters[p].Value.Length);
        }

        Move(parameters.Select(p => p.Value).ToArray());
        Move(parameters.Select(p => p.Grad).ToArray());
        foreach (var state in states)
        {
            Move(state);
        }

        _frozen = new bool[parameters.Length];
    }

    /// <summary>The flat buffers: values, gradients, then the states in the order given.</summary>
    public IReadOnlyList<MemoryBuffer1D<float, Stride1D.Dense>> Buffers => _buffers;

    /// <summary>How many launches <see cref="Segments"/>' callers made; tests count one per step.</summary>
    public int Launches { get; private set; }

    /// <summary>
    /// The segment table of the unfrozen parameters and the number of elements it covers (0: nothing to update). The
    /// table is re-uploaded only when <see cref="Parameter.IsFrozen"/> changed since the last call. Counts a launch.
    /// </summary>
    public (ArrayView<int> Table, int Count, int Elements) Segments()
    {
        var changed = _segments is null;
        for (var p = 0; p < _parameters.Length; p++)
        {
            changed |= _frozen[p] != _parameters[p].IsFrozen;
            _frozen[p] = _parameters[p].IsFrozen;
        }

        if (changed)
        {
            Upload();
        }

        Launches++;
        return (_segments!.View, _count, _elements);
    }

    private int _count;
    private int _elements;

    // The table: starts[0..count] in the launch's index space (starts[count] = elements), then count flat offsets.
    private void Upload()
    {
        var starts = new List<int> { 0 };
        var offsets = new List<int>();
        var elements = 0;
        for (var p = 0; p < _parameters.Length; p++)
        {
            if (_frozen[p] || _parameters[p].Value.Length == 0)
            {
                continue;
            }

            var length = _parameters[p].Value.Length;
            if (offsets.Count > 0 && offsets[^1] + (starts[^1] - starts[^2]) == _offsets[p])
            {
                starts[^1] += length; // the run goes on
            }
            else
            {
                offsets.Add(_offsets[p]);
                starts.Add(starts[^1] + length);
            }

            elements += length;
        }

        var table = starts.Concat(offsets).ToArray();
        if (_segments is null || _segments.Length < table.Length)
        {
            _segments?.Dispose();
            _segments = _device.Accelerator.Allocate1D<int>(Math.Max(table.Length, 1));
        }

        HostTransfer.Upload(_device, (ReadOnlySpan<int>)table, _segments.View);
        (_count, _elements) = (offsets.Count, elements);
    }

    private void Move(Tensor[] tensors)
    {
        var buffer = _device.Accelerator.Allocate1D<float>(Math.Max(_offsets[^1], 1));
        buffer.MemSetToZero();
        for (var p = 0; p < tensors.Length; p++)
        {
            tensors[p].MoveInto(buffer, _offsets[p]);
        }

        _buffers.Add(buffer);
    }
}
