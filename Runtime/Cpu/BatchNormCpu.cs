namespace Strata.Cpu;

/// <summary>
/// Batch normalisation on the CPU with PyTorch's semantics, over [batch, channels, planeSize] (planeSize = height ·
/// width for images, 1 for feature vectors), one mean and variance per channel: y = act(γ · (x − μ) / √(σ² + ε) + β).
/// In training μ and σ² are the batch's mean and biased variance, and the running statistics move towards the batch's
/// mean and unbiased variance by <c>momentum</c>; in evaluation μ and σ² are the running statistics. A sequence is
/// [batch · steps, features, 1], and its padding rows (<see cref="PaddedRows"/>) count nowhere: they take no part in the
/// statistics or the gradients, their output and input gradient are 0.
/// </summary>
/// <remarks>
/// Channels are independent, so they run in parallel; each sums its values plane by plane, in float (in 16 lanes per
/// plane where 512-bit vectors run, <see cref="BatchNormPlane"/>), the variance from the mean in a second pass. Planes
/// of at most 16 values run in runs of channels instead (<see cref="BatchNormSmallPlanes"/>). Forward saves μ and 1/√(σ² + ε) per channel for backward.
/// </remarks>
public static unsafe class BatchNormCpu
{
    /// <summary>
    /// The forward pass. Throws <see cref="ArgumentException"/> in training when a channel has one value
    /// (batch · planeSize = 1), as PyTorch does: its variance would be undefined.
    /// </summary>
    public static void Forward<TActivation>(
        int batch, int channels, int planeSize, float momentum, float eps, bool training,
        Tensor x, Tensor weight, Tensor bias, RunningStatistics running, Tensor savedMean, Tensor savedInvStd, Tensor y, PaddedRows padded = default)
        where TActivation : IActivation
    {
        var count = Check(batch, channels, planeSize, momentum, eps, training, x, nameof(x), weight, bias, running, savedMean, savedInvStd, padded);
        ArgumentChecks.Length(y, nameof(y), batch, channels, planeSize);
        if (planeSize <= BatchNormSmallPlanes.MaxPlaneSize)
        {
            BatchNormSmallPlanes.Forward<TActivation>(
                batch, channels, planeSize, count, momentum, eps, training, x.Pointer, weight.Pointer, bias.Pointer,
                running.Mean.Value.Pointer, running.Variance.Value.Pointer, savedMean.Pointer, savedInvStd.Pointer, y.Pointer, padded);
        }
        else
        {
            var body = new ForwardChannels<TActivation>
            {
                Xs = x.Pointer, Ys = y.Pointer, Gamma = weight.Pointer, Beta = bias.Pointer,
                RunningMean = running.Mean.Value.Pointer, RunningVar = running.Variance.Value.Pointer,
                Means = savedMean.Pointer, InvStds = savedInvStd.Pointer,
                Batch = batch, Channels = channels, PlaneSize = planeSize, Count = count,
                Momentum = momentum, Eps = eps, Training = training, Padded = padded,
            };
            CpuParallel.For(channels, ref body);
        }

        if (training)
        {
            running.Advanced();
        }
    }

    /// <summary>
    /// The backward pass of the forward that wrote <paramref name="y"/>, <paramref name="savedMean"/> and
    /// <paramref name="savedInvStd"/> in the same mode: dγ and dβ (overwritten; not written when null, for frozen
    /// parameters) and, when <paramref name="dx"/> is not null, dx (overwritten). In training dx carries the batch statistics' own dependence on x; in evaluation the
    /// statistics are constants, so dx = dz · γ / √(σ² + ε).
    /// </summary>
    public static void Backward<TActivation>(
        int batch, int channels, int planeSize, bool training,
        Tensor x, Tensor weight, Tensor savedMean, Tensor savedInvStd, Tensor y, Tensor dy, Tensor? dx, Tensor? dWeight, Tensor? dBias,
        PaddedRows padded = default)
        where TActivation : IActivation
    {
        var count = CheckBackward(batch, channels, planeSize, x, weight, savedMean, savedInvStd, y, dy, dx, dWeight, dBias, padded);
        if (planeSize <= BatchNormSmallPlanes.MaxPlaneSize)
        {
            BatchNormSmallPlanes.Backward<TActivation>(
                batch, channels, planeSize, count, training, x.Pointer, weight.Pointer, savedMean.Pointer, savedInvStd.Pointer,
                y.Pointer, dy.Pointer, Tensor.PointerOf(dx), Tensor.PointerOf(dWeight), Tensor.PointerOf(dBias), padded);
            return;
        }

        var body = new BackwardChannels<TActivation>
        {
            Xs = x.Pointer, Ys = y.Pointer, Dys = dy.Pointer, Dxs = Tensor.PointerOf(dx), Gamma = weight.Pointer,
            Means = savedMean.Pointer, InvStds = savedInvStd.Pointer, DGamma = Tensor.PointerOf(dWeight), DBeta = Tensor.PointerOf(dBias),
            Batch = batch, Channels = channels, PlaneSize = planeSize, Count = count, Training = training, Padded = padded,
        };
        CpuParallel.For(channels, ref body);
    }

    /// <summary>
    /// The forward's checks, shared with the GPU: sizes, hyperparameters, lengths, and one value per channel in training.
    /// Returns the values each channel's statistics count (the valid rows times planeSize).
    /// </summary>
    internal static int Check(
        int batch, int channels, int planeSize, float momentum, float eps, bool training,
        Tensor x, string xName, Tensor weight, Tensor bias, RunningStatistics running, Tensor savedMean, Tensor savedInvStd, PaddedRows padded)
    {
        ArgumentNullException.ThrowIfNull(running);
        CheckSizes(batch, channels, planeSize);
        if (!(momentum >= 0f && momentum <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1].");
        }

        if (!(eps > 0f) || float.IsInfinity(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive and finite.");
        }

        ArgumentChecks.Length(x, xName, batch, channels, planeSize);
        ArgumentChecks.Length(weight, nameof(weight), channels);
        ArgumentChecks.Length(bias, nameof(bias), channels);
        ArgumentChecks.Length(running.Mean.Value, "running.Mean", channels);
        ArgumentChecks.Length(running.Variance.Value, "running.Variance", channels);
        ArgumentChecks.Length(savedMean, nameof(savedMean), channels);
        ArgumentChecks.Length(savedInvStd, nameof(savedInvStd), channels);
        var count = padded.ValidRows(batch) * planeSize;
        if (training && count == 1)
        {
            throw new ArgumentException(
                $"Expected more than 1 value per channel when training, got input size [{batch}, {channels}{(planeSize == 1 ? string.Empty : ", " + planeSize)}]" +
                (padded.Lengths is null ? "; " : " with one valid step; ") + "use a batch of at least 2, or call Eval() first.",
                xName);
        }

        return count;
    }

    /// <summary>The backward's checks, shared with the GPU; returns the values each channel's statistics counted.</summary>
    internal static int CheckBackward(
        int batch, int channels, int planeSize,
        Tensor x, Tensor weight, Tensor savedMean, Tensor savedInvStd, Tensor y, Tensor dy, Tensor? dx, Tensor? dWeight, Tensor? dBias, PaddedRows padded)
    {
        CheckSizes(batch, channels, planeSize);
        ArgumentChecks.Length(x, nameof(x), batch, channels, planeSize);
        ArgumentChecks.Length(weight, nameof(weight), channels);
        ArgumentChecks.Length(savedMean, nameof(savedMean), channels);
        ArgumentChecks.Length(savedInvStd, nameof(savedInvStd), channels);
        ArgumentChecks.Length(y, nameof(y), batch, channels, planeSize);
        ArgumentChecks.Length(dy, nameof(dy), batch, channels, planeSize);
        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), batch, channels, planeSize);
        }

        if (dWeight is not null)
        {
            ArgumentChecks.Length(dWeight, nameof(dWeight), channels);
        }

        if (dBias is not null)
        {
            ArgumentChecks.Length(dBias, nameof(dBias), channels);
        }

        return padded.ValidRows(batch) * planeSize;
    }

    private static void CheckSizes(int batch, int channels, int planeSize)
    {
        ArgumentChecks.AtLeast(batch, 1, nameof(batch));
        ArgumentChecks.AtLeast(channels, 1, nameof(channels));
        ArgumentChecks.AtLeast(planeSize, 1, nameof(planeSize));
    }

    /// <summary>One channel of the forward pass: its statistics (in training), the running update and the output.</summary>
    private struct ForwardChannels<TActivation> : IParallelBody
        where TActivation : IActivation
    {
        public float* Xs, Ys, Gamma, Beta, RunningMean, RunningVar, Means, InvStds;
        public int Batch, Channels, PlaneSize, Count;
        public float Momentum, Eps;
        public bool Training;
        public PaddedRows Padded;

        public readonly void Run(int c)
        {
            float mean, variance;
            if (Training)
            {
                var sum = 0f;
                for (var n = 0; n < Batch; n++)
                {
                    if (Padded.IsPadding(n))
                    {
                        continue;
                    }

                    sum += SpanVectors.Sum(SpanVectors.Of(Xs, (n * Channels + c) * PlaneSize, PlaneSize));
                }

                mean = sum / Count;
                var squares = 0f;
                for (var n = 0; n < Batch; n++)
                {
                    if (Padded.IsPadding(n))
                    {
                        continue;
                    }

                    squares += SpanVectors.SquaredDeviations(SpanVectors.Of(Xs, (n * Channels + c) * PlaneSize, PlaneSize), mean);
                }

                variance = squares / Count;
                RunningMean[c] = (1f - Momentum) * RunningMean[c] + Momentum * mean;
                RunningVar[c] = (1f - Momentum) * RunningVar[c] + Momentum * (squares / (Count - 1));
            }
            else
            {
                mean = RunningMean[c];
                variance = RunningVar[c];
            }

            var invStd = 1f / MathF.Sqrt(variance + Eps);
            Means[c] = mean;
            InvStds[c] = invStd;
            var scale = Gamma[c] * invStd;
            var shift = Beta[c] - mean * scale;
            for (var n = 0; n < Batch; n++)
            {
                var start = (n * Channels + c) * PlaneSize;
                if (Padded.IsPadding(n))
                {
                    SpanVectors.Of(Ys, start, PlaneSize).Clear();
                    continue;
                }

                BatchNormPlane.Normalize<TActivation>(SpanVectors.Of(Xs, start, PlaneSize), SpanVectors.Of(Ys, start, PlaneSize), scale, shift);
            }
        }
    }

    /// <summary>One channel of the backward pass: dγ and dβ (unless frozen), then dx (when wanted).</summary>
    private struct BackwardChannels<TActivation> : IParallelBody
        where TActivation : IActivation
    {
        public float* Xs, Ys, Dys, Gamma, Means, InvStds;
        public float* Dxs, DGamma, DBeta;
        public int Batch, Channels, PlaneSize, Count;
        public bool Training;
        public PaddedRows Padded;

        public readonly void Run(int c)
        {
            var mean = Means[c];
            var invStd = InvStds[c];
            var sumDz = 0f;
            var sumDzDeviation = 0f;
            for (var n = 0; n < Batch; n++)
            {
                if (Padded.IsPadding(n))
                {
                    continue;
                }

                var start = (n * Channels + c) * PlaneSize;
                BatchNormPlane.AddGradientSums<TActivation>(
                    SpanVectors.Of(Xs, start, PlaneSize), SpanVectors.Of(Ys, start, PlaneSize), SpanVectors.Of(Dys, start, PlaneSize), mean, ref sumDz, ref sumDzDeviation);
            }

            var sumDzXhat = sumDzDeviation * invStd;

            if (DBeta is not null)
            {
                DBeta[c] = sumDz;
            }

            if (DGamma is not null)
            {
                DGamma[c] = sumDzXhat;
            }

            if (Dxs is null)
            {
                return;
            }

            var scale = Gamma[c] * invStd;
            var meanDz = Training ? sumDz / Count : 0f;
            var meanDzXhat = Training ? sumDzXhat / Count : 0f;
            for (var n = 0; n < Batch; n++)
            {
                var start = (n * Channels + c) * PlaneSize;
                if (Padded.IsPadding(n))
                {
                    SpanVectors.Of(Dxs, start, PlaneSize).Clear();
                    continue;
                }

                BatchNormPlane.InputGradient<TActivation>(
                    SpanVectors.Of(Xs, start, PlaneSize), SpanVectors.Of(Ys, start, PlaneSize), SpanVectors.Of(Dys, start, PlaneSize), SpanVectors.Of(Dxs, start, PlaneSize),
                    mean, invStd, scale, meanDz, meanDzXhat);
            }
        }
    }
}
