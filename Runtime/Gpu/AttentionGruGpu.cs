using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// <see cref="AttentionGruCpu"/> on a GPU, with the same arguments, layouts and semantics (d2l's GRU decoder with
/// additive attention, ragged source and target lengths). Forward: the key projection W_k m of every memory row is one
/// GEMM; then per step one GEMM for the query W_q h_{t−1}, one kernel for the scores, mask and softmax, one for the
/// cell inputs [context, x], the input and hidden gate GEMMs (biases in their epilogues) and the GRU cell's fused
/// pointwise kernel (<see cref="GruKernels"/>, as nn.GRU on the GPU). BPTT mirrors it; the weight gradients are each
/// one GEMM (or row sum) over all steps at the end, and the key path's memory gradient one GEMM.
/// </summary>
/// <remarks>
/// Every GEMM runs on the tiled kernel (<see cref="TiledGemm"/>). The attention kernels give one thread to a sequence
/// (scores, softmax, ∂L/∂e) or to one output value (context, features, memory and input gradients). Not yet: each call
/// allocates its temporaries and uploads the lengths, and the per-sequence kernels loop over source steps serially.
/// </remarks>
public static class AttentionGruGpu
{
    /// <summary>
    /// Runs the decoder; see <see cref="AttentionGruCpu.Forward"/>. Every tensor lives on the same GPU device; the
    /// tape keeps what <see cref="Backward"/> needs on that device.
    /// </summary>
    public static void Forward(
        AttentionGruGeometry g, Tensor x, Tensor memory, int[] sourceLengths, int[]? targetLengths, Tensor? h0,
        AttentionGruWeights weights, Tensor y, AttentionGruGpuTape tape, Tensor? hN = null, Tensor? attention = null)
    {
        Check(g, x, memory, sourceLengths, targetLengths, weights);
        Shape(y, nameof(y), g.Batch, g.TargetSteps, g.Hidden);
        ArgumentNullException.ThrowIfNull(tape);
        var (n, t, s, k, h, a) = (g.Batch, g.TargetSteps, g.SourceSteps, g.MemoryWidth, g.Hidden, g.AttentionHidden);
        var (cellInput, gates, state) = (g.CellInput, 3 * g.Hidden, g.Batch * g.Hidden);
        if (h0 is not null)
        {
            Shape(h0, nameof(h0), n, h);
        }

        if (hN is not null)
        {
            Shape(hN, nameof(hN), n, h);
        }

        if (attention is not null)
        {
            Shape(attention, nameof(attention), n, t, s);
        }

        var accelerator = x.Device.Accelerator;
        var kernels = AttentionGruKernelCache.For(accelerator);
        var recurrent = kernels.Recurrent;
        tape.Prepare(accelerator, g);
        var sources = tape.SourceLengths.View(x.Device, sourceLengths, n, s);
        var targets = tape.TargetLengths.View(x.Device, targetLengths, n, t);
        using var query = accelerator.Allocate1D<float>(n * a);
        using var hiddenGates = accelerator.Allocate1D<float>(n * gates);
        var noBias = weights.ScoreWeight.View;

        recurrent.Gemm(new Index2D(n * s, a), memory.View, weights.KeyWeight.View, tape.Keys, noBias,
            new GemmArguments(n * s, a, k, k, k, a, false, true, false, false));
        Initial(h0, tape.States.SubView(0, state));
        var args = new AttentionGruStepArguments
        {
            Memory = memory.View, X = x.View, Keys = tape.Keys, Query = query.View, ScoreWeight = weights.ScoreWeight.View,
            Features = tape.Features, Weights = tape.Weights, Inputs = tape.Inputs,
            DInputs = query.View, DScores = query.View, DQuery = query.View, DKeys = query.View, DScoreParts = query.View, DMemory = query.View, Dx = query.View,
            SourceLengths = sources, TargetLengths = targets,
            Batch = n, TargetSteps = t, SourceSteps = s, InputSize = g.InputSize, MemoryWidth = k, AttentionHidden = a,
        };
        var cell = recurrent.Cell(RecurrentCell.Gru).Forward;
        for (var step = 0; step < t; step++)
        {
            var previous = tape.States.SubView(step * state, state);
            recurrent.Gemm(new Index2D(n, a), previous, weights.QueryWeight.View, query.View, noBias,
                new GemmArguments(n, a, h, h, h, a, false, true, false, false));
            args.Step = step;
            kernels.Attend(n, args);
            kernels.Inputs(n * cellInput, args);
            recurrent.Gemm(new Index2D(n, gates), tape.Inputs.SubView(step * n * cellInput, n * cellInput), weights.Gru.WeightIh.View,
                tape.InputGates.SubView(step * n * gates, n * gates), weights.Gru.BiasIh.View,
                new GemmArguments(n, gates, cellInput, cellInput, cellInput, gates, false, true, false, true));
            recurrent.Gemm(new Index2D(n, gates), previous, weights.Gru.WeightHh.View, hiddenGates.View, weights.Gru.BiasHh.View,
                new GemmArguments(n, gates, h, h, h, gates, false, true, false, true));
            cell(state, new RecurrentStepArguments
            {
                InputGates = tape.InputGates, HiddenGates = hiddenGates.View, States = tape.States, Cells = tape.States, Vectors = tape.Gates,
                Y = y.View, Lengths = targets, Batch = n, Steps = t, Hidden = h, Width = h, Offset = 0, Step = step, Reverse = 0, Relu = 0,
            });
        }

        if (hN is not null)
        {
            tape.States.SubView(t * state, state).CopyTo(hN.View);
        }

        if (attention is not null)
        {
            kernels.AttentionOut(n * t * s, tape.Weights, attention.View, n, t, s);
        }

        accelerator.Synchronize();
    }

    /// <summary>
    /// BPTT through a <see cref="Forward"/> call with the same arguments and its <paramref name="tape"/>; see
    /// <see cref="AttentionGruCpu.Backward"/>: the parameter gradients overwritten in <paramref name="gradients"/>, dx,
    /// dMemory and dh0 overwritten where given.
    /// </summary>
    public static void Backward(
        AttentionGruGeometry g, Tensor memory, int[] sourceLengths, int[]? targetLengths, AttentionGruWeights weights,
        AttentionGruGpuTape tape, Tensor dy, Tensor? dhN, AttentionGruWeights gradients,
        Tensor? dx = null, Tensor? dMemory = null, Tensor? dh0 = null)
    {
        ArgumentNullException.ThrowIfNull(tape);
        if (tape.Geometry != g)
        {
            throw new ArgumentException($"The tape holds a forward pass of {tape.Geometry}, not {g}.", nameof(tape));
        }

        ArgumentNullException.ThrowIfNull(gradients);
        var (n, t, s, k, h, a) = (g.Batch, g.TargetSteps, g.SourceSteps, g.MemoryWidth, g.Hidden, g.AttentionHidden);
        var (cellInput, gates, state, inputSize) = (g.CellInput, 3 * g.Hidden, g.Batch * g.Hidden, g.InputSize);
        CheckWeights(g, gradients, "gradients.");
        CheckWeights(g, weights, string.Empty);
        Shape(memory, nameof(memory), n, s, k);
        CheckLengths(g, sourceLengths, targetLengths);
        Shape(dy, nameof(dy), n, t, h);
        foreach (var (tensor, name, shape) in new[] { (dhN, nameof(dhN), new[] { n, h }), (dx, nameof(dx), new[] { n, t, inputSize }), (dMemory, nameof(dMemory), new[] { n, s, k }), (dh0, nameof(dh0), new[] { n, h }) })
        {
            if (tensor is not null)
            {
                Shape(tensor, name, shape);
            }
        }

        var accelerator = memory.Device.Accelerator;
        var kernels = AttentionGruKernelCache.For(accelerator);
        var recurrent = kernels.Recurrent;
        var sources = tape.SourceLengths.View(memory.Device, sourceLengths, n, s);
        var targets = tape.TargetLengths.View(memory.Device, targetLengths, n, t);
        using var dGatesInput = accelerator.Allocate1D<float>(t * n * gates);
        using var dGatesHidden = accelerator.Allocate1D<float>(t * n * gates);
        using var dhA = accelerator.Allocate1D<float>(state);
        using var dhB = accelerator.Allocate1D<float>(state);
        using var dInputs = accelerator.Allocate1D<float>(n * cellInput);
        using var dScores = accelerator.Allocate1D<float>(n * s);
        using var dQuery = accelerator.Allocate1D<float>(t * n * a);
        using var dKeys = accelerator.Allocate1D<float>(n * s * a);
        using var dScoreParts = accelerator.Allocate1D<float>(t * n * a);
        using var dMemoryScratch = dMemory is null ? accelerator.Allocate1D<float>(n * s * k) : null;
        var dMemoryView = dMemory?.View ?? dMemoryScratch!.View;
        dKeys.MemSetToZero();
        dMemoryView.MemSetToZero();
        Initial(dhN, dhA.View);
        var noBias = weights.ScoreWeight.View;
        var args = new AttentionGruStepArguments
        {
            Memory = memory.View, X = dInputs.View, Keys = tape.Keys, Query = dInputs.View, ScoreWeight = weights.ScoreWeight.View,
            Features = tape.Features, Weights = tape.Weights, Inputs = tape.Inputs,
            DInputs = dInputs.View, DScores = dScores.View, DQuery = dQuery.View, DKeys = dKeys.View, DScoreParts = dScoreParts.View,
            DMemory = dMemoryView, Dx = dx?.View ?? dInputs.View, SourceLengths = sources, TargetLengths = targets,
            Batch = n, TargetSteps = t, SourceSteps = s, InputSize = inputSize, MemoryWidth = k, AttentionHidden = a,
        };
        var backward = recurrent.Cell(RecurrentCell.Gru).Backward;
        var (current, previous) = (dhA.View, dhB.View);
        for (var step = t - 1; step >= 0; step--)
        {
            backward(state, new RecurrentBackwardArguments
            {
                States = tape.States, Cells = tape.States, Vectors = tape.Gates, Dy = dy.View, Lengths = targets, DhCurrent = current,
                DhPrevious = previous, Dc = current, DGatesInput = dGatesInput.View, DGatesHidden = dGatesHidden.View,
                Batch = n, Steps = t, Hidden = h, Width = h, Offset = 0, Step = step, Reverse = 0, Relu = 0,
            });
            recurrent.Gemm(new Index2D(n, h), dGatesHidden.View.SubView(step * n * gates, n * gates), weights.Gru.WeightHh.View, previous, noBias,
                new GemmArguments(n, h, gates, gates, h, h, false, false, true, false));
            recurrent.Gemm(new Index2D(n, cellInput), dGatesInput.View.SubView(step * n * gates, n * gates), weights.Gru.WeightIh.View, dInputs.View, noBias,
                new GemmArguments(n, cellInput, gates, gates, cellInput, cellInput, false, false, false, false));
            args.Step = step;
            if (dx is not null)
            {
                kernels.InputBackward(n * inputSize, args);
            }

            kernels.ScoresBackward(n, args);
            kernels.FeaturesBackward(n * a, args);
            kernels.MemoryBackward(n * s * k, args);
            recurrent.Gemm(new Index2D(n, h), dQuery.View.SubView(step * n * a, n * a), weights.QueryWeight.View, previous, noBias,
                new GemmArguments(n, h, a, a, h, h, false, false, true, false));
            (current, previous) = (previous, current);
        }

        var states = tape.States.SubView(0, t * state);
        recurrent.Gemm(new Index2D(gates, cellInput), dGatesInput.View, tape.Inputs.SubView(0, t * n * cellInput), gradients.Gru.WeightIh.View, noBias,
            new GemmArguments(gates, cellInput, t * n, gates, cellInput, cellInput, true, false, false, false));
        recurrent.Gemm(new Index2D(gates, h), dGatesHidden.View, states, gradients.Gru.WeightHh.View, noBias,
            new GemmArguments(gates, h, t * n, gates, h, h, true, false, false, false));
        recurrent.SumRows(gates, dGatesInput.View, gradients.Gru.BiasIh.View, t * n, gates);
        recurrent.SumRows(gates, dGatesHidden.View, gradients.Gru.BiasHh.View, t * n, gates);
        recurrent.Gemm(new Index2D(a, h), dQuery.View, states, gradients.QueryWeight.View, noBias,
            new GemmArguments(a, h, t * n, a, h, h, true, false, false, false));
        recurrent.SumRows(a, dScoreParts.View, gradients.ScoreWeight.View, t * n, a);
        recurrent.Gemm(new Index2D(a, k), dKeys.View, memory.View, gradients.KeyWeight.View, noBias,
            new GemmArguments(a, k, n * s, a, k, k, true, false, false, false));
        if (dMemory is not null)
        {
            recurrent.Gemm(new Index2D(n * s, k), dKeys.View, weights.KeyWeight.View, dMemory.View, noBias,
                new GemmArguments(n * s, k, a, a, k, k, false, false, true, false));
        }

        if (dh0 is not null)
        {
            current.CopyTo(dh0.View);
        }

        accelerator.Synchronize();
    }

    private static void Initial(Tensor? state, ArrayView<float> target)
    {
        if (state is null)
        {
            target.MemSetToZero();
        }
        else
        {
            state.View.CopyTo(target);
        }
    }

    private static void Check(
        AttentionGruGeometry g, Tensor x, Tensor memory, int[] sourceLengths, int[]? targetLengths, AttentionGruWeights weights)
    {
        g.Check();
        ArgumentNullException.ThrowIfNull(x);
        if (!x.Device.IsGpu)
        {
            throw new ArgumentException($"AttentionGruGpu runs on GPU tensors; x lives on {x.Device}. Use AttentionGruCpu.", nameof(x));
        }

        Shape(x, nameof(x), g.Batch, g.TargetSteps, g.InputSize);
        Shape(memory, nameof(memory), g.Batch, g.SourceSteps, g.MemoryWidth);
        CheckWeights(g, weights, string.Empty);
        CheckLengths(g, sourceLengths, targetLengths);
    }

    private static void CheckWeights(AttentionGruGeometry g, AttentionGruWeights weights, string prefix)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Shape(weights.QueryWeight, prefix + "QueryWeight", g.AttentionHidden, g.Hidden);
        Shape(weights.KeyWeight, prefix + "KeyWeight", g.AttentionHidden, g.MemoryWidth);
        Shape(weights.ScoreWeight, prefix + "ScoreWeight", g.AttentionHidden);
        Shape(weights.Gru.WeightIh, prefix + "Gru.WeightIh", 3 * g.Hidden, g.CellInput);
        Shape(weights.Gru.WeightHh, prefix + "Gru.WeightHh", 3 * g.Hidden, g.Hidden);
        Shape(weights.Gru.BiasIh, prefix + "Gru.BiasIh", 3 * g.Hidden);
        Shape(weights.Gru.BiasHh, prefix + "Gru.BiasHh", 3 * g.Hidden);
    }

    private static void CheckLengths(AttentionGruGeometry g, int[] sourceLengths, int[]? targetLengths)
    {
        if (sourceLengths is null || sourceLengths.Length != g.Batch || sourceLengths.Any(l => l < 1 || l > g.SourceSteps))
        {
            throw new ArgumentException($"Source lengths must be {g.Batch} values in 1..{g.SourceSteps}.", nameof(sourceLengths));
        }

        if (targetLengths is not null && (targetLengths.Length != g.Batch || targetLengths.Any(l => l < 0 || l > g.TargetSteps)))
        {
            throw new ArgumentException($"Target lengths must be {g.Batch} values in 0..{g.TargetSteps}.", nameof(targetLengths));
        }
    }

    private static void Shape(Tensor tensor, string name, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (!tensor.Device.IsGpu)
        {
            throw new ArgumentException($"'{name}' lives on {tensor.Device}; AttentionGruGpu needs GPU tensors.", name);
        }

        ArgumentChecks.Length(tensor, name, shape);
    }
}
