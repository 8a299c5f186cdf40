using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// One direction of one recurrent layer on a GPU, with the arguments, layouts and semantics of
/// <see cref="RnnCpu"/>, <see cref="LstmCpu"/> and <see cref="GruCpu"/> (saved state of the same length). The same
/// fusion: one input-projection GEMM, then per step one GEMM over all gates and one pointwise kernel; BPTT mirrors it.
/// </summary>
/// <remarks>
/// Both GEMMs run on the tiled kernel (<see cref="TiledGemm"/>). The temporaries live in <see cref="ScratchBuffers"/> and the
/// lengths in <see cref="ResidentLengths"/>, both keyed by the saved state (the output at inference), so a training
/// step allocates nothing and copies nothing to or from the host once the shapes and lengths have been seen.
/// </remarks>
public static class RecurrentGpu
{
    /// <summary>Floats in the saved state; equal to the CPU kernel's.</summary>
    public static int SavedLength(RecurrentCell cell, RecurrentGeometry g) => cell switch
    {
        RecurrentCell.Lstm => LstmCpu.SavedLength(g),
        RecurrentCell.Gru => GruCpu.SavedLength(g),
        _ => RnnCpu.SavedLength(g),
    };

    /// <summary>The forward pass; see <see cref="LstmCpu.Forward"/>. c0 and cN are for LSTM only.</summary>
    public static void Forward(
        RecurrentCell cell, RecurrentGeometry g, Tensor x, RecurrentWeights w, Tensor y, Tensor? saved,
        RecurrentOptions? options = null, Tensor? h0 = null, Tensor? c0 = null, Tensor? hN = null, Tensor? cN = null)
    {
        options ??= RecurrentOptions.Default;
        var width = Check(cell, g, x, w, options);
        CheckStates(cell, g, h0, nameof(h0), c0, nameof(c0), hN, nameof(hN), cN, nameof(cN));
        Shape(y, nameof(y), g.Batch, g.Steps, width);
        if (saved is not null)
        {
            Shape(saved, nameof(saved), SavedLength(cell, g));
        }

        var accelerator = x.Device.Accelerator;
        var kernels = RecurrentKernelCache.For(accelerator);
        var (n, t, hidden, inputSize) = (g.Batch, g.Steps, g.Hidden, g.InputSize);
        var gateWidth = Gates(cell) * hidden;
        var stateLength = n * hidden;
        var site = saved ?? y;
        var scratch = ScratchBuffers.For(site);
        var lengths = ResidentLengths.For(site, options.Lengths, n, t);
        var gathered = scratch.Get(accelerator, Slot.Gathered, t * n * inputSize);
        var inputGates = scratch.Get(accelerator, Slot.InputGates, t * n * gateWidth);
        var hiddenGates = scratch.Get(accelerator, Slot.HiddenGates, n * gateWidth);
        var store = saved?.View ?? scratch.Get(accelerator, Slot.Saved, SavedLength(cell, g));
        var (states, cells, vectors) = Regions(cell, g, store);

        kernels.Gather(t * n * inputSize, x.View, gathered, lengths, n, t, inputSize, options.Reverse ? 1 : 0);
        kernels.Gemm(new Index2D(t * n, gateWidth), gathered, w.WeightIh.View, inputGates, w.BiasIh.View,
            new GemmArguments(t * n, gateWidth, inputSize, inputSize, inputSize, gateWidth, false, true, false, true));
        Initial(h0, states.SubView(0, stateLength));
        if (cell == RecurrentCell.Lstm)
        {
            Initial(c0, cells.SubView(0, stateLength));
        }

        var forward = kernels.Cell(cell).Forward;
        for (var step = 0; step < t; step++)
        {
            kernels.Gemm(new Index2D(n, gateWidth), states.SubView(step * stateLength, stateLength), w.WeightHh.View, hiddenGates, w.BiasHh.View,
                new GemmArguments(n, gateWidth, hidden, hidden, hidden, gateWidth, false, true, false, true));
            forward(stateLength, new RecurrentStepArguments
            {
                InputGates = inputGates, HiddenGates = hiddenGates, States = states, Cells = cells, Vectors = vectors,
                Y = y.View, Lengths = lengths, Batch = n, Steps = t, Hidden = hidden, Width = width, Offset = options.OutputOffset,
                Step = step, Reverse = options.Reverse ? 1 : 0, Relu = cell == RecurrentCell.RnnRelu ? 1 : 0,
            });
        }

        if (hN is not null)
        {
            states.SubView(t * stateLength, stateLength).CopyTo(hN.View);
        }

        if (cN is not null)
        {
            cells.SubView(t * stateLength, stateLength).CopyTo(cN.View);
        }

        accelerator.Synchronize();
    }

    /// <summary>
    /// BPTT; see <see cref="LstmCpu.Backward"/>. dcN and dc0 are for LSTM only. Null <paramref name="gradients"/> (frozen
    /// weights) skips the weight and bias gradients.
    /// </summary>
    public static void Backward(
        RecurrentCell cell, RecurrentGeometry g, Tensor x, RecurrentWeights w, Tensor saved, Tensor dy, RecurrentWeights? gradients,
        RecurrentOptions? options = null, Tensor? dhN = null, Tensor? dcN = null, Tensor? dx = null, bool accumulateDx = false,
        Tensor? dh0 = null, Tensor? dc0 = null)
    {
        options ??= RecurrentOptions.Default;
        var width = Check(cell, g, x, w, options);
        CheckStates(cell, g, dhN, nameof(dhN), dcN, nameof(dcN), dh0, nameof(dh0), dc0, nameof(dc0));
        Shape(saved, nameof(saved), SavedLength(cell, g));
        Shape(dy, nameof(dy), g.Batch, g.Steps, width);
        var rows = Gates(cell) * g.Hidden;
        if (gradients is not null)
        {
            Shape(gradients.WeightIh, "gradients.WeightIh", rows, g.InputSize);
            Shape(gradients.WeightHh, "gradients.WeightHh", rows, g.Hidden);
            Shape(gradients.BiasIh, "gradients.BiasIh", rows);
            Shape(gradients.BiasHh, "gradients.BiasHh", rows);
        }
        if (dx is not null)
        {
            Shape(dx, nameof(dx), g.Batch, g.Steps, g.InputSize);
        }

        var accelerator = x.Device.Accelerator;
        var kernels = RecurrentKernelCache.For(accelerator);
        var (n, t, hidden, inputSize) = (g.Batch, g.Steps, g.Hidden, g.InputSize);
        var gateWidth = rows;
        var stateLength = n * hidden;
        var (states, cells, vectors) = Regions(cell, g, saved.View);
        var scratch = ScratchBuffers.For(saved);
        var lengths = ResidentLengths.For(saved, options.Lengths, n, t);
        var dGatesInput = scratch.Get(accelerator, Slot.DGatesInput, t * n * gateWidth);
        var dGatesHidden = cell == RecurrentCell.Gru ? scratch.Get(accelerator, Slot.DGatesHidden, t * n * gateWidth) : dGatesInput;
        var dhA = scratch.Get(accelerator, Slot.DhA, stateLength);
        var dhB = scratch.Get(accelerator, Slot.DhB, stateLength);
        var dc = scratch.Get(accelerator, Slot.Dc, stateLength);
        Initial(dhN, dhA);
        Initial(cell == RecurrentCell.Lstm ? dcN : null, dc);

        var backward = kernels.Cell(cell).Backward;
        var (current, previous) = (dhA, dhB);
        for (var step = t - 1; step >= 0; step--)
        {
            backward(stateLength, new RecurrentBackwardArguments
            {
                States = states, Cells = cells, Vectors = vectors, Dy = dy.View, Lengths = lengths, DhCurrent = current,
                DhPrevious = previous, Dc = dc, DGatesInput = dGatesInput, DGatesHidden = dGatesHidden,
                Batch = n, Steps = t, Hidden = hidden, Width = width, Offset = options.OutputOffset, Step = step,
                Reverse = options.Reverse ? 1 : 0, Relu = cell == RecurrentCell.RnnRelu ? 1 : 0,
            });
            kernels.Gemm(new Index2D(n, hidden), dGatesHidden.SubView(step * n * gateWidth, n * gateWidth), w.WeightHh.View, previous, w.BiasHh.View,
                new GemmArguments(n, hidden, gateWidth, gateWidth, hidden, hidden, false, false, true, false));
            (current, previous) = (previous, current);
        }

        if (dh0 is not null)
        {
            current.CopyTo(dh0.View);
        }

        if (dc0 is not null)
        {
            dc.CopyTo(dc0.View);
        }

        if (gradients is not null)
        {
            var gathered = scratch.Get(accelerator, Slot.Gathered, t * n * inputSize);
            kernels.Gather(t * n * inputSize, x.View, gathered, lengths, n, t, inputSize, options.Reverse ? 1 : 0);
            kernels.Gemm(new Index2D(gateWidth, inputSize), dGatesInput, gathered, gradients.WeightIh.View, w.BiasIh.View,
                new GemmArguments(gateWidth, inputSize, t * n, gateWidth, inputSize, inputSize, true, false, false, false));
            kernels.Gemm(new Index2D(gateWidth, hidden), dGatesHidden, states.SubView(0, t * stateLength), gradients.WeightHh.View, w.BiasHh.View,
                new GemmArguments(gateWidth, hidden, t * n, gateWidth, hidden, hidden, true, false, false, false));
            kernels.SumRows(gateWidth, dGatesInput, gradients.BiasIh.View, t * n, gateWidth);
            kernels.SumRows(gateWidth, dGatesHidden, gradients.BiasHh.View, t * n, gateWidth);
        }
        if (dx is not null)
        {
            var dInput = scratch.Get(accelerator, Slot.DInput, t * n * inputSize);
            kernels.Gemm(new Index2D(t * n, inputSize), dGatesInput, w.WeightIh.View, dInput, w.BiasIh.View,
                new GemmArguments(t * n, inputSize, gateWidth, gateWidth, inputSize, inputSize, false, false, false, false));
            kernels.Scatter(t * n * inputSize, dInput, dx.View, lengths, n, t, inputSize, options.Reverse ? 1 : 0, accumulateDx ? 1 : 0);
        }

        accelerator.Synchronize();
    }

    /// <summary>The scratch slots of one call site.</summary>
    private static class Slot
    {
        public const int Gathered = 0;
        public const int InputGates = 1;
        public const int HiddenGates = 2;
        public const int Saved = 3;
        public const int DGatesInput = 4;
        public const int DGatesHidden = 5;
        public const int DhA = 6;
        public const int DhB = 7;
        public const int Dc = 8;
        public const int DInput = 9;
    }

    private static int Gates(RecurrentCell cell) => cell switch
    {
        RecurrentCell.Lstm => 4,
        RecurrentCell.Gru => 3,
        _ => 1,
    };

    /// <summary>The saved layout of <see cref="RecurrentLayerCpu{TCell}"/>; absent regions alias the states (never touched).</summary>
    private static (ArrayView<float> States, ArrayView<float> Cells, ArrayView<float> Vectors) Regions(RecurrentCell cell, RecurrentGeometry g, ArrayView<float> store)
    {
        var statesLength = (g.Steps + 1) * g.Batch * g.Hidden;
        var states = store.SubView(0, statesLength);
        var cells = cell == RecurrentCell.Lstm ? store.SubView(statesLength, statesLength) : states;
        var vectorsStart = cell == RecurrentCell.Lstm ? 2 * statesLength : statesLength;
        var vectors = vectorsStart < store.Length ? store.SubView(vectorsStart, store.Length - vectorsStart) : states;
        return (states, cells, vectors);
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

    private static int Check(RecurrentCell cell, RecurrentGeometry g, Tensor x, RecurrentWeights w, RecurrentOptions options)
    {
        if (!x.Device.IsGpu)
        {
            throw new ArgumentException($"RecurrentGpu runs on GPU tensors; x lives on {x.Device}. Use the CPU kernels.", nameof(x));
        }

        return cell switch
        {
            RecurrentCell.Lstm => RecurrentLayerCpu<LstmCell>.Check(g, x, w, options),
            RecurrentCell.Gru => RecurrentLayerCpu<GruCell>.Check(g, x, w, options),
            _ => RecurrentLayerCpu<RnnCell<TanhActivation>>.Check(g, x, w, options),
        };
    }

    private static void CheckStates(RecurrentCell cell, RecurrentGeometry g, Tensor? h1, string h1Name, Tensor? c1, string c1Name, Tensor? h2, string h2Name, Tensor? c2, string c2Name)
    {
        if (cell == RecurrentCell.Lstm)
        {
            RecurrentLayerCpu<LstmCell>.CheckStates(g, h1, h1Name, c1, c1Name, h2, h2Name, c2, c2Name);
        }
        else
        {
            RecurrentLayerCpu<GruCell>.CheckStates(g, h1, h1Name, c1, c1Name, h2, h2Name, c2, c2Name);
        }
    }

    private static void Shape(Tensor tensor, string name, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (!tensor.Device.IsGpu)
        {
            throw new ArgumentException($"'{name}' lives on {tensor.Device}; RecurrentGpu needs GPU tensors.", name);
        }

        ArgumentChecks.Length(tensor, name, shape);
    }
}
