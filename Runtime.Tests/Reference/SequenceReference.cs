using System.Reflection;

namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// A float64 forward pass of any sequence <c>[Model]</c>, read from its attributes by reflection and computed with
/// <see cref="ReferenceRecurrent"/> and <see cref="ReferenceLayers"/>, independent of the generator. Parameters come as
/// in <see cref="IModel.Parameters"/> (PyTorch's state_dict order). Inputs are [N, T, F] features or [N, T] token ids.
/// </summary>
internal sealed class SequenceReference
{
    private readonly int[] _inputShape;
    private readonly IReadOnlyList<PropertyInfo> _layers;

    public SequenceReference(Type model)
    {
        _inputShape = model.GetCustomAttribute<InputAttribute>()?.Shape
            ?? throw new ArgumentException($"{model.Name} has no [Input].", nameof(model));
        _layers = model.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.IsDefined(typeof(LayerAttribute)))
            .OrderBy(p => p.MetadataToken)
            .ToList();
    }

    /// <summary>
    /// The output: [N, T, size] or [N, size]. <paramref name="h0"/> and <paramref name="c0"/> give the initial states of
    /// the first recurrent layer (layer 0, forward direction) when not null; all others start from zeros.
    /// <paramref name="dropoutMasks"/>, when not null, are the factors (0 or 1/(1 − p)) that multiply the output
    /// [N, T, D·H] of each recurrent layer with Dropout but the last, in model order; null is evaluation mode.
    /// BatchNorm layers use their batch's statistics unless <paramref name="runningStatistics"/> gives each one's running
    /// mean and variance, in model order (evaluation).
    /// </summary>
    public double[] Forward(
        int batch, int steps, double[] x, IReadOnlyList<double[]> parameters, int[]? lengths = null, double[]? h0 = null, double[]? c0 = null,
        IReadOnlyList<double[]>? dropoutMasks = null, IReadOnlyList<double[]>? runningStatistics = null)
        => Run(batch, steps, x, parameters, lengths, h0, c0, dropoutMasks, runningStatistics).Output;

    /// <summary>The output and the final states (h, c) of the first recurrent layer's forward direction.</summary>
    public (double[] Output, double[] HN, double[] CN) Run(
        int batch, int steps, double[] x, IReadOnlyList<double[]> parameters, int[]? lengths, double[]? h0, double[]? c0,
        IReadOnlyList<double[]>? dropoutMasks = null, IReadOnlyList<double[]>? runningStatistics = null)
    {
        var nextMask = 0;
        var nextStatistic = 0;
        var size = _inputShape[^1];
        var perStep = true;
        var next = 0;
        double[] hN = [], cN = [];
        var firstRecurrent = true;
        foreach (var layer in _layers)
        {
            var attribute = layer.GetCustomAttribute<LayerAttribute>()!;
            switch (attribute)
            {
                case EmbeddingAttribute embedding:
                    x = Embed(batch * steps, embedding.Dim, x, parameters[next++]);
                    size = embedding.Dim;
                    break;
                case OneHotAttribute oneHot:
                    x = Embed(batch * steps, oneHot.Vocab, x, Identity(oneHot.Vocab));
                    size = oneHot.Vocab;
                    break;
                case DenseAttribute dense:
                    var rows = perStep ? batch * steps : batch;
                    x = ReferenceLayers.DensePreActivation(rows, size, dense.Units, x, parameters[next++], dense.Bias ? parameters[next++] : null);
                    if (layer.GetCustomAttribute<ActivationAttribute>() is { } activation)
                    {
                        x = ReferenceLayers.Activate(KindOf(activation), x);
                    }

                    size = dense.Units;
                    break;
                case LayerNormAttribute norm:
                    x = ReferenceLayers.LayerNorm(perStep ? batch * steps : batch, size, x, parameters[next++], parameters[next++], norm.Eps);
                    break;
                case BatchNormAttribute norm when perStep:
                    var (bnWeight, bnBias) = (parameters[next++], parameters[next++]);
                    x = runningStatistics is null
                        ? ReferenceBatchNorm.Steps(batch, steps, size, x, lengths, bnWeight, bnBias, norm.Eps).Y
                        : ReferenceBatchNorm.Steps(batch, steps, size, x, lengths, bnWeight, bnBias, norm.Eps, runningStatistics[nextStatistic++], runningStatistics[nextStatistic++]).Y;
                    if (layer.GetCustomAttribute<ActivationAttribute>() is { } normActivation)
                    {
                        x = ReferenceLayers.Activate(KindOf(normActivation), x);
                    }

                    break;
                case RecurrentAttribute recurrent:
                    var kind = recurrent switch
                    {
                        LstmAttribute => RecurrentKind.Lstm,
                        GruAttribute => RecurrentKind.Gru,
                        RnnAttribute { Activation: RnnActivation.Relu } => RecurrentKind.RnnRelu,
                        _ => RecurrentKind.RnnTanh,
                    };
                    var directions = recurrent.Bidirectional ? 2 : 1;
                    var hidden = recurrent.Hidden;
                    for (var l = 0; l < recurrent.Layers; l++)
                    {
                        var outputs = new double[directions][];
                        for (var d = 0; d < directions; d++)
                        {
                            var (wih, whh, bih, bhh) = (parameters[next++], parameters[next++], parameters[next++], parameters[next++]);
                            var first = firstRecurrent && l == 0 && d == 0;
                            var (y, h, c) = ReferenceRecurrent.Forward(
                                kind, batch, steps, size, hidden, x, wih, whh, bih, bhh, first ? h0 : null, first ? c0 : null, lengths, reverse: d == 1);
                            outputs[d] = y;
                            if (first)
                            {
                                (hN, cN) = (h, c);
                            }
                        }

                        x = Concatenate(batch * steps, hidden, outputs);
                        size = directions * hidden;
                        if (dropoutMasks is not null && recurrent.Dropout > 0 && l < recurrent.Layers - 1)
                        {
                            var mask = dropoutMasks[nextMask++];
                            x = x.Select((value, i) => value * mask[i]).ToArray();
                        }
                    }

                    firstRecurrent = false;
                    if (!recurrent.ReturnSequences)
                    {
                        x = LastSteps(batch, steps, hidden, directions, lengths, x);
                        perStep = false;
                    }

                    break;
                default:
                    throw new NotSupportedException($"No sequence reference for {attribute.GetType().Name}.");
            }
        }

        if (dropoutMasks is not null && nextMask != dropoutMasks.Count)
        {
            throw new ArgumentException($"{dropoutMasks.Count} dropout masks given, but the model drops after {nextMask} layers.", nameof(dropoutMasks));
        }

        return (x, hN, cN);
    }

    /// <summary>
    /// One layer (Dense, LayerNorm, or a recurrent layer) on full sequences [N, T, size] whose step count an image fixed
    /// (after [ToSequence]): its output, the output's per-sample shape ([T, size] or, after ReturnSequences = false,
    /// [D·H]), and whether it is still a sequence. Dense's activation is left to the caller.
    /// </summary>
    public static (double[] X, int[] Shape, bool Sequence) FixedStepLayer(
        LayerAttribute attribute, int batch, int steps, int size, double[] x, IReadOnlyList<double[]> parameters, ref int next)
    {
        switch (attribute)
        {
            case DenseAttribute dense:
                x = ReferenceLayers.DensePreActivation(batch * steps, size, dense.Units, x, parameters[next++], dense.Bias ? parameters[next++] : null);
                return (x, [steps, dense.Units], true);
            case LayerNormAttribute norm:
                x = ReferenceLayers.LayerNorm(batch * steps, size, x, parameters[next++], parameters[next++], norm.Eps);
                return (x, [steps, size], true);
            case RecurrentAttribute recurrent:
                var kind = recurrent switch
                {
                    LstmAttribute => RecurrentKind.Lstm,
                    GruAttribute => RecurrentKind.Gru,
                    RnnAttribute { Activation: RnnActivation.Relu } => RecurrentKind.RnnRelu,
                    _ => RecurrentKind.RnnTanh,
                };
                var directions = recurrent.Bidirectional ? 2 : 1;
                for (var l = 0; l < recurrent.Layers; l++)
                {
                    var outputs = new double[directions][];
                    for (var d = 0; d < directions; d++)
                    {
                        var (wih, whh, bih, bhh) = (parameters[next++], parameters[next++], parameters[next++], parameters[next++]);
                        outputs[d] = ReferenceRecurrent.Forward(kind, batch, steps, size, recurrent.Hidden, x, wih, whh, bih, bhh, null, null, null, reverse: d == 1).Y;
                    }

                    x = Concatenate(batch * steps, recurrent.Hidden, outputs);
                    size = directions * recurrent.Hidden;
                }

                return recurrent.ReturnSequences
                    ? (x, [steps, size], true)
                    : (LastSteps(batch, steps, recurrent.Hidden, directions, null, x), [size], false);
            default:
                throw new NotSupportedException($"No fixed-step sequence reference for {attribute.GetType().Name}.");
        }
    }

    private static double[] Embed(int rows, int dim, double[] ids, double[] table)
    {
        var y = new double[rows * dim];
        for (var r = 0; r < rows; r++)
        {
            Array.Copy(table, (int)ids[r] * dim, y, r * dim, dim);
        }

        return y;
    }

    private static double[] Identity(int size)
    {
        var table = new double[size * size];
        for (var i = 0; i < size; i++)
        {
            table[i * size + i] = 1;
        }

        return table;
    }

    private static double[] Concatenate(int rows, int hidden, double[][] parts)
    {
        var y = new double[rows * hidden * parts.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < parts.Length; d++)
            {
                Array.Copy(parts[d], r * hidden, y, (r * parts.Length + d) * hidden, hidden);
            }
        }

        return y;
    }

    /// <summary>PyTorch's h_n of packed sequences: forward at step length−1, reverse at step 0.</summary>
    private static double[] LastSteps(int batch, int steps, int hidden, int directions, int[]? lengths, double[] y)
    {
        var width = directions * hidden;
        var last = new double[batch * width];
        for (var n = 0; n < batch; n++)
        {
            for (var d = 0; d < directions; d++)
            {
                var t = d == 0 ? (lengths?[n] ?? steps) - 1 : 0;
                Array.Copy(y, (n * steps + t) * width + d * hidden, last, n * width + d * hidden, hidden);
            }
        }

        return last;
    }

    private static ReferenceActivation KindOf(ActivationAttribute activation) => activation switch
    {
        ReluAttribute => ReferenceActivation.Relu,
        SigmoidAttribute => ReferenceActivation.Sigmoid,
        TanhAttribute => ReferenceActivation.Tanh,
        Relu6Attribute => ReferenceActivation.Relu6,
        _ => throw new NotSupportedException($"No reference for {activation.GetType().Name}."),
    };
}
