using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// The moment buffers and the update shared by <see cref="Adam"/> and <see cref="AdamW"/>: one step is
/// w ← w·(1 − lr·λ_decoupled); g' = g + λ_L2·w; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
/// w −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε), as PyTorch's <c>_single_tensor_adam</c> computes it. GPU parameters,
/// their gradients and moments move into flat device buffers (<see cref="FlatParameters"/>), and one kernel launch per
/// step updates them all, as PyTorch's fused Adam does.
/// </summary>
internal sealed class AdamUpdate
{
    // Below this many elements the update runs on the calling thread: the fork costs more than the loop.
    private const long ParallelElements = 1 << 15;

    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, AdamCoefficients>? _kernel;
    private readonly FlatParameters? _flat;

    /// <summary>Zero moments for every parameter; throws as <see cref="OptimizerParameters.Check"/> does.</summary>
    public AdamUpdate(IReadOnlyList<Parameter> parameters)
    {
        (_parameters, var device) = OptimizerParameters.Check(parameters);
        _firstMoments = _parameters.Select(p => device.Allocate(p.Shape)).ToArray();
        _secondMoments = _parameters.Select(p => device.Allocate(p.Shape)).ToArray();
        if (device.IsGpu)
        {
            _kernel = device.Accelerator.LoadAutoGroupedStreamKernel<
                Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, AdamCoefficients>(
                OptimizerKernels.AdamStep);
            _flat = new FlatParameters(_parameters, device, _firstMoments, _secondMoments);
        }
    }

    /// <summary>The number of steps taken so far (t).</summary>
    public int StepCount { get; private set; }

    /// <summary>The kernel launches of the GPU update so far: one per step. 0 on the CPU.</summary>
    internal int Launches => _flat?.Launches ?? 0;

    /// <summary>Host copies of the moments and the step count, as <paramref name="kind"/>'s state.</summary>
    public OptimizerState GetState(string kind, float learningRate)
    {
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var p = 0; p < _parameters.Length; p++)
        {
            buffers[FirstMoment(_parameters[p])] = _firstMoments[p].ToArray();
            buffers[SecondMoment(_parameters[p])] = _secondMoments[p].ToArray();
        }

        return new OptimizerState(kind, StepCount, learningRate, buffers);
    }

    /// <summary>Checks <paramref name="state"/> against <paramref name="kind"/> and the parameters, then loads its moments and step count.</summary>
    public void SetState(OptimizerState state, string kind)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.StepCount > int.MaxValue)
        {
            throw new InvalidDataException($"The {kind} state counts {state.StepCount} steps, more than {int.MaxValue}.");
        }

        state.Check(kind, _parameters
            .SelectMany(p => new[] { KeyValuePair.Create(FirstMoment(p), p.Value.Length), KeyValuePair.Create(SecondMoment(p), p.Value.Length) })
            .ToDictionary(StringComparer.Ordinal));
        for (var p = 0; p < _parameters.Length; p++)
        {
            _firstMoments[p].CopyFrom(state.Buffers[FirstMoment(_parameters[p])]);
            _secondMoments[p].CopyFrom(state.Buffers[SecondMoment(_parameters[p])]);
        }

        StepCount = (int)state.StepCount;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is in [0, 1).</summary>
    public static float Beta(float value, string name) =>
        value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "Expected a value in [0, 1).");

    /// <summary>
    /// Takes step t = <see cref="StepCount"/> + 1 with L2 penalty <paramref name="l2"/> (added to the gradient) and
    /// decoupled decay <paramref name="decoupled"/> (weights shrunk by 1 − lr·λ first).
    /// </summary>
    public void Step(float learningRate, float beta1, float beta2, float epsilon, float l2, float decoupled)
    {
        using var update = WeightUpdate.Begin(_parameters, "optimiser Step");
        StepCount++;
        var coefficients = new AdamCoefficients(
            beta1, beta2, epsilon,
            WeightScale: 1f - learningRate * decoupled,
            WeightDecay: l2,
            StepSize: (float)(learningRate / (1 - Math.Pow(beta1, StepCount))),
            SqrtBiasCorrection2: (float)Math.Sqrt(1 - Math.Pow(beta2, StepCount)));
        if (_flat is not null)
        {
            var (table, count, elements) = _flat.Segments();
            if (elements > 0)
            {
                var b = _flat.Buffers;
                _kernel!(elements, b[0].View, b[1].View, b[2].View, b[3].View, table, count, coefficients);
            }
        }
        else
        {
            StepCpu(coefficients);
        }

        foreach (var parameter in _parameters)
        {
            if (!parameter.IsFrozen)
            {
                parameter.Value.MarkChanged();
            }
        }
    }

    /// <summary>
    /// The CPU update of every unfrozen parameter: one pass over their elements taken as one run, split into equal
    /// chunks across the cores from <see cref="ParallelElements"/> on (the update is memory-bound: one core alone does not
    /// use the memory's bandwidth). Each element's arithmetic is the same wherever a chunk starts.
    /// </summary>
    private void StepCpu(AdamCoefficients coefficients)
    {
        var total = 0L;
        foreach (var parameter in _parameters)
        {
            total += parameter.IsFrozen ? 0 : parameter.Value.Length;
        }

        var body = new StepChunks(this, coefficients, total, total < ParallelElements ? 1 : 4 * Environment.ProcessorCount);
        CpuParallel.For(body.Chunks, ref body);
    }

    private static void StepRun(
        Span<float> weight, ReadOnlySpan<float> gradient, Span<float> firstMoment, Span<float> secondMoment, AdamCoefficients c)
    {
        var done = CpuKernels.Vector512 ? StepRun512(weight, gradient, firstMoment, secondMoment, c) : 0;
        var vectorCount = weight.Length / Vector<float>.Count;
        var w = MemoryMarshal.Cast<float, Vector<float>>(weight);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradient);
        var m = MemoryMarshal.Cast<float, Vector<float>>(firstMoment);
        var v = MemoryMarshal.Cast<float, Vector<float>>(secondMoment);
        var epsilon = new Vector<float>(c.Epsilon);
        for (var i = done / Vector<float>.Count; i < vectorCount; i++)
        {
            var scaled = w[i] * c.WeightScale;
            var decayed = g[i] + c.WeightDecay * scaled;
            m[i] = c.Beta1 * m[i] + (1f - c.Beta1) * decayed;
            v[i] = c.Beta2 * v[i] + (1f - c.Beta2) * decayed * decayed;
            w[i] = scaled - c.StepSize * m[i] / (Vector.SquareRoot(v[i]) / c.SqrtBiasCorrection2 + epsilon);
        }

        for (var i = vectorCount * Vector<float>.Count; i < weight.Length; i++)
        {
            var scaled = weight[i] * c.WeightScale;
            var decayed = gradient[i] + c.WeightDecay * scaled;
            firstMoment[i] = c.Beta1 * firstMoment[i] + (1f - c.Beta1) * decayed;
            secondMoment[i] = c.Beta2 * secondMoment[i] + (1f - c.Beta2) * decayed * decayed;
            weight[i] = scaled - c.StepSize * firstMoment[i] / (MathF.Sqrt(secondMoment[i]) / c.SqrtBiasCorrection2 + c.Epsilon);
        }
    }

    /// <summary>
    /// The whole 16-float vectors of one run on the Vector512 path, with the same operations per lane as
    /// <see cref="StepRun"/>'s loop (so the same results): <see cref="Vector{T}"/> is 256 bits wide by default, and the
    /// update's two divisions and square root per element made it bound by arithmetic, not by memory, at that width
    /// (11.2 M parameters: 4.1–4.6 ms a step against 3.4–3.8 ms at 512 bits). Returns the elements it updated.
    /// </summary>
    private static int StepRun512(
        Span<float> weight, ReadOnlySpan<float> gradient, Span<float> firstMoment, Span<float> secondMoment, AdamCoefficients c)
    {
        var w = MemoryMarshal.Cast<float, Vector512<float>>(weight);
        var g = MemoryMarshal.Cast<float, Vector512<float>>(gradient);
        var m = MemoryMarshal.Cast<float, Vector512<float>>(firstMoment);
        var v = MemoryMarshal.Cast<float, Vector512<float>>(secondMoment);
        var epsilon = Vector512.Create(c.Epsilon);
        var sqrtBiasCorrection2 = Vector512.Create(c.SqrtBiasCorrection2);
        for (var i = 0; i < w.Length; i++)
        {
            var scaled = w[i] * c.WeightScale;
            var decayed = g[i] + c.WeightDecay * scaled;
            var first = c.Beta1 * m[i] + (1f - c.Beta1) * decayed;
            var second = c.Beta2 * v[i] + (1f - c.Beta2) * decayed * decayed;
            (m[i], v[i]) = (first, second);
            w[i] = scaled - c.StepSize * first / (Vector512.Sqrt(second) / sqrtBiasCorrection2 + epsilon);
        }

        return w.Length * Vector512<float>.Count;
    }

    /// <summary>Chunk i of the unfrozen parameters' elements, in parameter order: the pieces of each parameter it covers.</summary>
    private readonly struct StepChunks(AdamUpdate owner, AdamCoefficients coefficients, long total, int chunks) : IParallelBody
    {
        public int Chunks => chunks;

        public void Run(int chunk)
        {
            var (first, end) = (total * chunk / chunks, total * (chunk + 1) / chunks);
            var offset = 0L;
            for (var p = 0; p < owner._parameters.Length && offset < end; p++)
            {
                var parameter = owner._parameters[p];
                if (parameter.IsFrozen)
                {
                    continue;
                }

                var length = parameter.Value.Length;
                var (start, stop) = ((int)(Math.Max(first, offset) - offset), (int)(Math.Min(end, offset + length) - offset));
                if (start < stop)
                {
                    StepRun(
                        parameter.Value.Span[start..stop], parameter.Grad.Span[start..stop],
                        owner._firstMoments[p].Span[start..stop], owner._secondMoments[p].Span[start..stop], coefficients);
                }

                offset += length;
            }
        }
    }

    // PyTorch's names for Adam's state: state[p]["exp_avg"] and state[p]["exp_avg_sq"].
    private static string FirstMoment(Parameter parameter) => "exp_avg/" + parameter.Name;

    private static string SecondMoment(Parameter parameter) => "exp_avg_sq/" + parameter.Name;
}
