using System.Runtime.CompilerServices;

namespace Strata.Cpu;

/// <summary>
/// A stack of unidirectional recurrent layers in inference, pipelined across the cores: each layer runs on one thread,
/// step after step, computing each step's input projection (x_t · W_ihᵀ + b_ih, from the layer below's h_t) just
/// before its recurrence, and waits only until the layer below has finished that step. Run layer by layer, each step's
/// hidden units are split across the cores, which meet at a barrier after every step (twice per step of a 2-layer
/// stack) and wait there for whichever core the host slowed; the pipeline has no barrier, and a core that falls behind
/// delays only the layers above it, by what it lost. A thread that would wait (for the layer below, or at the end for
/// the layer above) computes that layer's input projections for steps it has not reached instead.
/// </summary>
/// <remarks>
/// Each step of a layer reads W_ih and W_hh whole (2 MB for an LSTM of 256 units) rather than its core's half of
/// W_hh, from L3 rather than L2; measured alone, the recurrent micro-kernel ran such steps at 94–96% of a core's peak
/// on both cores at once. The projections give the same values as the layer-by-layer path's one GEMM over all steps
/// (the same micro-kernel sums each output over k in the same order), and so do the states and outputs.
/// </remarks>
internal static unsafe class RecurrentStackCpu<TCell>
    where TCell : struct, IRecurrentCell
{
    private const int MaxLayers = 8;

    // The layers' progress counters sit a cache line apart, so one core's writes do not evict another's reads.
    private const int CounterStride = 16;

    /// <summary>
    /// Whether <paramref name="layers"/> layers run pipelined: at least two cores, and a whole number of layers per
    /// core, so that no core waits on an uneven share. Otherwise one layer at a time on every core is faster.
    /// </summary>
    public static bool Pipelines(int layers) =>
        Environment.ProcessorCount >= 2 && layers <= MaxLayers && layers % Environment.ProcessorCount == 0;

    /// <summary>
    /// Runs the stack without keeping anything for backward, zero initial states: layer l reads layer l − 1's
    /// output (x for layer 0) and writes <paramref name="outputs"/>[l] ([N, T, H]), as the same layers run one by one.
    /// </summary>
    public static void Forward(
        RecurrentGeometry g, Tensor x, ReadOnlySpan<RecurrentWeights> weights, ReadOnlySpan<Tensor> outputs, RecurrentOptions? options,
        CpuWorkspace workspace)
    {
        options ??= RecurrentOptions.Default;
        ArgumentNullException.ThrowIfNull(workspace);
        if (weights.Length < 1 || outputs.Length != weights.Length)
        {
            throw new ArgumentException($"A stack needs one output per layer: got {weights.Length} layers' weights and {outputs.Length} outputs.", nameof(outputs));
        }

        if (options.OutputOffset != 0 || (options.OutputWidth != 0 && options.OutputWidth != g.Hidden) || options.Reverse)
        {
            throw new ArgumentException("A pipelined stack runs forward in time and writes whole output rows.", nameof(options));
        }

        var input = x;
        for (var l = 0; l < weights.Length; l++)
        {
            var layer = Layer(g, l);
            RecurrentLayerCpu<TCell>.Check(layer, input, weights[l], options);
            ArgumentChecks.Length(outputs[l], $"outputs[{l}]", g.Batch, g.Steps, g.Hidden);
            input = outputs[l];
        }

        if (!Pipelines(weights.Length))
        {
            input = x;
            for (var l = 0; l < weights.Length; l++)
            {
                RecurrentLayerCpu<TCell>.Forward(Layer(g, l), input, weights[l], outputs[l], null, options, null, null, null, null, workspace);
                input = outputs[l];
            }

            return;
        }

        switch (Gemm.BestKernel)
        {
            case GemmKernel.Avx512:
                Run<Avx512MicroKernel>(g, x, weights, outputs, options, workspace);
                break;
            case GemmKernel.Avx2:
                Run<Avx2MicroKernel>(g, x, weights, outputs, options, workspace);
                break;
            default:
                Run<PortableMicroKernel>(g, x, weights, outputs, options, workspace);
                break;
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s geometry: the stack's input size for the first, the hidden size above it.</summary>
    private static RecurrentGeometry Layer(RecurrentGeometry g, int layer) => layer == 0 ? g : g with { InputSize = g.Hidden };

    [SkipLocalsInit]
    private static void Run<TKernel>(
        RecurrentGeometry g, Tensor x, ReadOnlySpan<RecurrentWeights> weights, ReadOnlySpan<Tensor> outputs, RecurrentOptions options,
        CpuWorkspace workspace)
        where TKernel : struct, IMicroKernel
    {
        var layers = weights.Length;
        var (n, t, hidden) = (g.Batch, g.Steps, g.Hidden);
        var stateLength = n * hidden;
        var storeLength = checked((t + 1) * stateLength * (TCell.HasCellState ? 2 : 1));
        var gatesLength = checked(t * n * TCell.Gates * hidden);
        var biasLength = RecurrentForwardSteps<TCell, TKernel>.BiasLength(hidden);
        var stores = workspace.Pointer(WorkspaceSlot.RecurrentSaved, checked(layers * storeLength));
        var gates = workspace.Pointer(WorkspaceSlot.RecurrentInputGates, checked(layers * gatesLength));
        var biases = workspace.Pointer(WorkspaceSlot.RecurrentHiddenBias, layers * biasLength);
        var progress = stackalloc int[layers * CounterStride];
        var projections = (int*)workspace.Pointer(WorkspaceSlot.RecurrentProjectionStates, checked(layers * t));
        new Span<int>(projections, layers * t).Clear();
        var pipeline = new Pipeline<TKernel>(layers, t, n, progress, projections);
        for (var l = 0; l < layers; l++)
        {
            var layer = Layer(g, l);
            var store = stores + (nint)l * storeLength;
            SpanVectors.Of(store, 0, stateLength).Clear();
            if (TCell.HasCellState)
            {
                SpanVectors.Of(store, (t + 1) * stateLength, stateLength).Clear();
            }

            var w = weights[l];
            var packedIh = (float*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(
                workspace.PackedWeights.TransposedB(w.WeightIh, TCell.Gates * hidden, layer.InputSize)));
            var layerGates = gates + (nint)l * gatesLength;
            pipeline.Stages[l] = new Stage<TKernel>(
                new RecurrentForwardSteps<TCell, TKernel>(layer, options, store, false, layerGates, w.WeightHh, w.BiasHh.Pointer, biases + (nint)l * biasLength, workspace),
                // Layer 0 reads x [N, T, I] in place (step s of sequence i at (i·T + s)·I); the others read the states
                // h_1 … h_T ([T, N, H] after h_0) of the layer below.
                l == 0 ? x.Pointer : stores + (nint)(l - 1) * storeLength + stateLength,
                l == 0 ? layer.InputSize : stateLength,
                l == 0 ? (nint)t * layer.InputSize : hidden,
                layer.InputSize, packedIh, w.BiasIh.Pointer, layerGates, TCell.Gates * hidden);
            progress[l * CounterStride] = 0;
        }

        CpuParallel.For(layers, ref pipeline);
        for (var l = 0; l < layers; l++)
        {
            RecurrentLayerCpu<TCell>.ScatterOutput(Layer(g, l), stores + (nint)l * storeLength, outputs[l].Pointer, options, hidden);
        }
    }

    /// <summary>One layer's time loop, its input, where its projection goes, and its packed W_ihᵀ.</summary>
    private readonly struct Stage<TKernel>(
        RecurrentForwardSteps<TCell, TKernel> steps, float* input, nint inputStep, nint inputRows, int inputSize, float* packedIh,
        float* biasIh, float* gates, int gateWidth)
        where TKernel : struct, IMicroKernel
    {
        /// <summary>Step <paramref name="step"/>'s input projection of every sequence: x_t · W_ihᵀ + b_ih into its gates.</summary>
        public void Project(int step, int batch) =>
            SerialGemm.MultiplyPackedB<TKernel, ColumnBiasEpilogue<IdentityActivation>>(
                batch, gateWidth, inputSize, input + step * inputStep, inputRows, packedIh, gates + (nint)step * batch * gateWidth, gateWidth,
                new ColumnBiasEpilogue<IdentityActivation>(biasIh));

        /// <summary>Step <paramref name="step"/>'s recurrence, block by block, after its projection.</summary>
        public void Recur(int step)
        {
            for (var block = 0; block < steps.Items(step); block++)
            {
                steps.Run(step, block);
            }
        }
    }

    [InlineArray(MaxLayers)]
    private struct Stages<TKernel>
        where TKernel : struct, IMicroKernel
    {
        private Stage<TKernel> _first;
    }

    /// <summary>
    /// One layer per iteration, on its own thread: every step, each after the layer below has finished it. A step's input
    /// projection needs only the layer below's output, so it may run on any thread: a thread waiting for the layer
    /// below, or done with its own layer, computes projections of the layer it waits for (or of the one above) for
    /// steps that layer has not reached, and a layer finds them done. Each projection's state (free, claimed, done, or
    /// failed when it threw) is claimed once; the values do not depend on which thread computed them.
    /// </summary>
    private struct Pipeline<TKernel>(int layers, int steps, int batch, int* progress, int* projections) : IParallelBody
        where TKernel : struct, IMicroKernel
    {
        private const int Free = 0;
        private const int Claimed = 1;
        private const int Done = 2;
        private const int Failed = 3;

        public Stages<TKernel> Stages;

        public readonly void Run(int layer)
        {
            ref var done = ref progress[layer * CounterStride];
            try
            {
                for (var step = 0; step < steps; step++)
                {
                    if (layer > 0 && !WaitFor(layer - 1, step))
                    {
                        Volatile.Write(ref done, -1);
                        return;
                    }

                    if (!Project(layer, step))
                    {
                        Volatile.Write(ref done, -1);
                        return;
                    }

                    Stages[layer].Recur(step);
                    Volatile.Write(ref done, step + 1);
                }

                // The layer above may still have projections to do whose inputs are all here now.
                while (layer + 1 < layers && TrySteal(layer + 1))
                {
                }
            }
            catch
            {
                // The layers above would otherwise wait for this one forever.
                Volatile.Write(ref done, -1);
                throw;
            }
        }

        /// <summary>
        /// Layer <paramref name="layer"/>'s projection of <paramref name="step"/>, computed here unless another thread
        /// has claimed it, then waited for; false when that thread failed.
        /// </summary>
        private readonly bool Project(int layer, int step)
        {
            ref var state = ref projections[(layer * steps) + step];
            if (Interlocked.CompareExchange(ref state, Claimed, Free) == Free)
            {
                Compute(layer, step, ref state);
                return true;
            }

            var spinner = default(SpinWait);
            int current;
            while ((current = Volatile.Read(ref state)) != Done)
            {
                if (current == Failed)
                {
                    return false;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }

            return true;
        }

        /// <summary>
        /// Claims and computes one free projection of <paramref name="layer"/> whose input is ready and whose step the
        /// layer has not begun; false when there is none.
        /// </summary>
        private readonly bool TrySteal(int layer)
        {
            var finished = Volatile.Read(ref progress[layer * CounterStride]);
            var ready = layer == 0 ? steps : Volatile.Read(ref progress[(layer - 1) * CounterStride]);
            for (var step = finished + 1; finished >= 0 && step < ready; step++)
            {
                ref var state = ref projections[(layer * steps) + step];
                if (Volatile.Read(ref state) == Free && Interlocked.CompareExchange(ref state, Claimed, Free) == Free)
                {
                    Compute(layer, step, ref state);
                    return true;
                }
            }

            return false;
        }

        /// <summary>Runs a claimed projection and publishes it done, or failed when it throws.</summary>
        private readonly void Compute(int layer, int step, ref int state)
        {
            try
            {
                Stages[layer].Project(step, batch);
            }
            catch
            {
                Volatile.Write(ref state, Failed);
                throw;
            }

            Volatile.Write(ref state, Done);
        }

        /// <summary>
        /// Waits until <paramref name="layer"/> has finished <paramref name="step"/>, meanwhile computing its free
        /// projections; spins (yielding, never sleeping) when there are none. False when it failed.
        /// </summary>
        private readonly bool WaitFor(int layer, int step)
        {
            var spinner = default(SpinWait);
            int finished;
            while ((finished = Volatile.Read(ref progress[layer * CounterStride])) <= step)
            {
                if (finished < 0)
                {
                    return false;
                }

                if (TrySteal(layer))
                {
                    continue;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }

            return true;
        }
    }
}
