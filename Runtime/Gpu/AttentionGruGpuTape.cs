using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// What <see cref="AttentionGruGpu.Backward"/> needs from a forward pass, kept on the accelerator by
/// <see cref="AttentionGruGpu.Forward"/>; the regions of <see cref="AttentionGruTape"/> (states, projected keys, tanh
/// features, attention weights, cell inputs, GRU gates) plus the pre-activation input gates. Reused across calls; it
/// grows to the largest geometry it has seen. Dispose it to free its device memory.
/// </summary>
public sealed class AttentionGruGpuTape : IDisposable
{
    private MemoryBuffer1D<float, Stride1D.Dense>? _states, _keys, _features, _weights, _inputs, _gates, _inputGates;

    /// <summary>The geometry of the forward pass the tape holds.</summary>
    public AttentionGruGeometry Geometry { get; private set; }

    /// <summary>The source lengths of the last call, kept on the device: uploaded again only when they change.</summary>
    internal ResidentLengths SourceLengths { get; } = new();

    /// <summary>The target lengths of the last call, kept on the device as <see cref="SourceLengths"/> are.</summary>
    internal ResidentLengths TargetLengths { get; } = new();

    internal ArrayView<float> States => _states!.View;

    internal ArrayView<float> Keys => _keys!.View;

    internal ArrayView<float> Features => _features!.View;

    internal ArrayView<float> Weights => _weights!.View;

    internal ArrayView<float> Inputs => _inputs!.View;

    internal ArrayView<float> Gates => _gates!.View;

    internal ArrayView<float> InputGates => _inputGates!.View;

    internal void Prepare(Accelerator accelerator, AttentionGruGeometry g)
    {
        Geometry = g;
        var (n, t, s, h, a) = (g.Batch, g.TargetSteps, g.SourceSteps, g.Hidden, g.AttentionHidden);
        Ensure(accelerator, ref _states, (t + 1) * n * h);
        Ensure(accelerator, ref _keys, n * s * a);
        Ensure(accelerator, ref _features, t * n * s * a);
        Ensure(accelerator, ref _weights, t * n * s);
        Ensure(accelerator, ref _inputs, t * n * g.CellInput);
        Ensure(accelerator, ref _gates, t * n * 4 * h);
        Ensure(accelerator, ref _inputGates, t * n * 3 * h);
    }

    /// <summary>Frees the device buffers.</summary>
    public void Dispose()
    {
        foreach (var buffer in new[] { _states, _keys, _features, _weights, _inputs, _gates, _inputGates })
        {
            buffer?.Dispose();
        }

        _states = _keys = _features = _weights = _inputs = _gates = _inputGates = null;
    }

    private static void Ensure(Accelerator accelerator, ref MemoryBuffer1D<float, Stride1D.Dense>? buffer, int length)
    {
        if (buffer is null || buffer.Length < length || !ReferenceEquals(buffer.Accelerator, accelerator))
        {
            buffer?.Dispose();
            buffer = accelerator.Allocate1D<float>(Math.Max(length, 1));
        }
    }
}
