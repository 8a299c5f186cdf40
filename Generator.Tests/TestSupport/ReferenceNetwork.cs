namespace Strata.Generator.Tests.TestSupport;

/// <summary>The activations of the reference network.</summary>
internal enum Act
{
    None,
    Relu,
    Sigmoid,
    Tanh,
    Relu6,
}

/// <summary>One layer of the reference network, declared by hand in each test to mirror the model's attributes.</summary>
internal abstract record RefLayer(Act Activation);

internal sealed record RefConv(int Channels, int KernelHeight, int KernelWidth, int Stride, int Pad, bool Bias, Act Activation) : RefLayer(Activation);

internal sealed record RefMaxPool(int Kernel, int Stride, int Pad, Act Activation) : RefLayer(Activation);

internal sealed record RefAvgPool(int Kernel, int Stride, int Pad, bool CountIncludePad, Act Activation) : RefLayer(Activation);

/// <summary>A dense layer; it reads any input as flat, so a Flatten before it needs no layer of its own.</summary>
internal sealed record RefDense(int Units, bool Bias, Act Activation) : RefLayer(Activation);

/// <summary>
/// A plain float64 forward pass written from PyTorch's definitions, independent of the generator: NCHW, conv weights
/// [OC, C, KH, KW], dense weights [out, in], max pooling ignoring padding, average pooling dividing by the whole window
/// or (without count_include_pad) by the cells inside the input.
/// </summary>
internal sealed class ReferenceNetwork(int[] inputShape, params RefLayer[] layers)
{
    /// <summary>Runs the batch through the layers; <paramref name="parameters"/> are weight then bias per layer, in order.</summary>
    public double[] Forward(double[] input, int batch, IReadOnlyList<double[]> parameters)
    {
        var x = input;
        var shape = inputShape;
        var next = 0;
        foreach (var layer in layers)
        {
            switch (layer)
            {
                case RefConv conv:
                    var weight = parameters[next++];
                    var bias = conv.Bias ? parameters[next++] : null;
                    (x, shape) = Conv(x, batch, shape, conv, weight, bias);
                    break;
                case RefMaxPool pool:
                    (x, shape) = Pool(x, batch, shape, pool.Kernel, pool.Stride, pool.Pad, isMax: true, countIncludePad: true);
                    break;
                case RefAvgPool pool:
                    (x, shape) = Pool(x, batch, shape, pool.Kernel, pool.Stride, pool.Pad, isMax: false, pool.CountIncludePad);
                    break;
                case RefDense dense:
                    var w = parameters[next++];
                    var b = dense.Bias ? parameters[next++] : null;
                    (x, shape) = Dense(x, batch, shape, dense.Units, w, b);
                    break;
            }

            x = x.Select(v => Activate(layer.Activation, v)).ToArray();
        }

        return x;
    }

    private static (double[], int[]) Conv(double[] x, int batch, int[] shape, RefConv conv, double[] w, double[]? b)
    {
        var (c, h, wd) = (shape[0], shape[1], shape[2]);
        var oh = ((h - conv.KernelHeight + (2 * conv.Pad)) / conv.Stride) + 1;
        var ow = ((wd - conv.KernelWidth + (2 * conv.Pad)) / conv.Stride) + 1;
        var y = new double[batch * conv.Channels * oh * ow];
        for (var n = 0; n < batch; n++)
        for (var o = 0; o < conv.Channels; o++)
        for (var i = 0; i < oh; i++)
        for (var j = 0; j < ow; j++)
        {
            var sum = b?[o] ?? 0.0;
            for (var ci = 0; ci < c; ci++)
            for (var p = 0; p < conv.KernelHeight; p++)
            for (var q = 0; q < conv.KernelWidth; q++)
            {
                var r = (i * conv.Stride) - conv.Pad + p;
                var s = (j * conv.Stride) - conv.Pad + q;
                if (r >= 0 && r < h && s >= 0 && s < wd)
                {
                    sum += x[(((n * c) + ci) * h + r) * wd + s] * w[(((o * c) + ci) * conv.KernelHeight + p) * conv.KernelWidth + q];
                }
            }

            y[(((n * conv.Channels) + o) * oh + i) * ow + j] = sum;
        }

        return (y, [conv.Channels, oh, ow]);
    }

    private static (double[], int[]) Pool(double[] x, int batch, int[] shape, int k, int stride, int pad, bool isMax, bool countIncludePad)
    {
        var (c, h, w) = (shape[0], shape[1], shape[2]);
        var oh = ((h - k + (2 * pad)) / stride) + 1;
        var ow = ((w - k + (2 * pad)) / stride) + 1;
        var y = new double[batch * c * oh * ow];
        for (var n = 0; n < batch; n++)
        for (var ci = 0; ci < c; ci++)
        for (var i = 0; i < oh; i++)
        for (var j = 0; j < ow; j++)
        {
            var best = double.NegativeInfinity;
            var sum = 0.0;
            var inside = 0;
            for (var p = 0; p < k; p++)
            for (var q = 0; q < k; q++)
            {
                var r = (i * stride) - pad + p;
                var s = (j * stride) - pad + q;
                if (r >= 0 && r < h && s >= 0 && s < w)
                {
                    var v = x[(((n * c) + ci) * h + r) * w + s];
                    best = Math.Max(best, v);
                    sum += v;
                    inside++;
                }
            }

            y[(((n * c) + ci) * oh + i) * ow + j] = isMax ? best : sum / (countIncludePad ? k * k : inside);
        }

        return (y, [c, oh, ow]);
    }

    private static (double[], int[]) Dense(double[] x, int batch, int[] shape, int units, double[] w, double[]? b)
    {
        var inputs = shape.Aggregate(1, (a, d) => a * d);
        var y = new double[batch * units];
        for (var n = 0; n < batch; n++)
        for (var o = 0; o < units; o++)
        {
            var sum = b?[o] ?? 0.0;
            for (var k = 0; k < inputs; k++)
            {
                sum += x[(n * inputs) + k] * w[(o * inputs) + k];
            }

            y[(n * units) + o] = sum;
        }

        return (y, [units]);
    }

    private static double Activate(Act activation, double v) => activation switch
    {
        Act.Relu => Math.Max(v, 0),
        Act.Sigmoid => 1 / (1 + Math.Exp(-v)),
        Act.Tanh => Math.Tanh(v),
        Act.Relu6 => Math.Min(Math.Max(v, 0), 6),
        _ => v,
    };
}
