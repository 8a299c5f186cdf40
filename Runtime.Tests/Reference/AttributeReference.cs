using System.Reflection;
using Strata.Cpu;

namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// A float64 forward pass of any <c>[Model]</c> class, read straight from its attributes by reflection and computed
/// with <see cref="ReferenceLayers"/>: independent of the generator, so it can check any generated model. Parameters
/// come as in <see cref="IModel.Parameters"/>: weight then bias for each conv, dense and batch norm, in declaration
/// order. It is the evaluation-mode model unless <c>training</c> is set, which only BatchNorm and Dropout tell apart
/// (Dropout has no training-mode reference); BatchNorm's running statistics come as in <see cref="IModel.Buffers"/>
/// (mean then variance per layer, the int64 counters left out).
/// </summary>
internal sealed class AttributeReference
{
    private readonly int[] _inputShape;
    private readonly IReadOnlyList<PropertyInfo> _layers;

    public AttributeReference(Type model)
    {
        _inputShape = model.GetCustomAttribute<InputAttribute>()?.Shape
            ?? throw new ArgumentException($"{model.Name} has no [Input].", nameof(model));
        _layers = model.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.IsDefined(typeof(LayerAttribute)))
            .OrderBy(p => p.MetadataToken)
            .ToList();
    }

    public double[] Forward(int batch, double[] x, IReadOnlyList<double[]> parameters, bool training = false, IReadOnlyList<double[]>? runningStatistics = null)
    {
        var shape = _inputShape;
        var next = 0;
        var nextStatistic = 0;
        var outputs = new Dictionary<string, (double[] X, int[] Shape)> { [Graph.Input] = (x, shape) };
        foreach (var layer in _layers)
        {
            if (layer.GetCustomAttribute<FromAttribute>() is { } from)
            {
                (x, shape) = outputs[from.Layer];
            }

            foreach (var attribute in layer.GetCustomAttributes<LayerAttribute>().OrderBy(a => a is FlattenAttribute ? 0 : 1))
            {
                (x, shape) = attribute switch
                {
                    FlattenAttribute => (x, [shape.Aggregate(1, (a, d) => a * d)]),
                    DropoutAttribute when !training => (x, shape),
                    BatchNormAttribute bn => (training
                        ? ReferenceBatchNorm.Train(batch, shape[0], PlaneSize(shape), x, parameters[next++], parameters[next++], bn.Eps).Y
                        : ReferenceBatchNorm.Eval(batch, shape[0], PlaneSize(shape), x, parameters[next++], parameters[next++],
                            runningStatistics![nextStatistic++], runningStatistics[nextStatistic++], bn.Eps), shape),
                    ConvAttribute conv => Conv(batch, shape, conv, x, parameters[next++], conv.Bias ? parameters[next++] : null),
                    MaxPoolAttribute pool => Pool(batch, shape, pool.Kernel, pool.Stride, pool.Pad, g => ReferenceLayers.MaxPool(g, x)),
                    AvgPoolAttribute pool => Pool(batch, shape, pool.Kernel, pool.Stride, pool.Pad, g => ReferenceLayers.AvgPool(g, pool.CountIncludePad, x)),
                    GlobalAvgPoolAttribute => (ReferenceLayers.GlobalAvgPool(batch, shape[0], shape[1] * shape[2], x), [shape[0]]),
                    DenseAttribute dense => Dense(batch, shape, dense, x, parameters[next++], dense.Bias ? parameters[next++] : null),
                    AddAttribute add => (outputs[add.First].X.Zip(outputs[add.Second].X, (a, b) => a + b).ToArray(), outputs[add.First].Shape),
                    ConcatAttribute concat => Concat(batch, concat.Layers.Select(name => outputs[name]).ToList()),
                    _ => throw new NotSupportedException($"No reference for {attribute.GetType().Name}."),
                };
            }

            if (layer.GetCustomAttribute<ActivationAttribute>() is LeakyReluAttribute leaky)
            {
                x = x.Select(value => value > 0 ? value : leaky.NegativeSlope * value).ToArray();
            }
            else if (layer.GetCustomAttribute<ActivationAttribute>() is { } activation)
            {
                x = ReferenceLayers.Activate(KindOf(activation), x);
            }

            outputs[layer.Name] = (x, shape);
        }

        return x;
    }

    private static int PlaneSize(int[] shape) => shape.Skip(1).Aggregate(1, (a, d) => a * d);

    private static (double[], int[]) Conv(int batch, int[] s, ConvAttribute conv, double[] x, double[] w, double[]? b)
    {
        var kw = conv.KernelWidth == 0 ? conv.Kernel : conv.KernelWidth;
        var oh = (s[1] + 2 * conv.Pad - conv.Dilation * (conv.Kernel - 1) - 1) / conv.Stride + 1;
        var ow = (s[2] + 2 * conv.Pad - conv.Dilation * (kw - 1) - 1) / conv.Stride + 1;
        var g = new ConvGeometry(batch, s[0], s[1], s[2], conv.Channels, conv.Kernel, kw, conv.Stride, conv.Pad, oh, ow, conv.Groups, conv.Dilation);
        return (ReferenceLayers.Conv2dPreActivation(g, x, w, b), [conv.Channels, oh, ow]);
    }

    private static (double[], int[]) Pool(int batch, int[] s, int kernel, int stride, int pad, Func<PoolGeometry, double[]> pool)
    {
        stride = stride == 0 ? kernel : stride;
        var oh = (s[1] + 2 * pad - kernel) / stride + 1;
        var ow = (s[2] + 2 * pad - kernel) / stride + 1;
        return (pool(new PoolGeometry(batch, s[0], s[1], s[2], kernel, stride, pad, oh, ow)), [s[0], oh, ow]);
    }

    /// <summary>torch.cat over dim 1: per sample, each input's values one after another.</summary>
    private static (double[], int[]) Concat(int batch, IReadOnlyList<(double[] X, int[] Shape)> inputs)
    {
        var y = new List<double>();
        for (var n = 0; n < batch; n++)
        {
            foreach (var (values, shape) in inputs)
            {
                var size = shape.Aggregate(1, (a, d) => a * d);
                y.AddRange(values.Skip(n * size).Take(size));
            }
        }

        return (y.ToArray(), [inputs.Sum(input => input.Shape[0]), .. inputs[0].Shape.Skip(1)]);
    }

    private static (double[], int[]) Dense(int batch, int[] s, DenseAttribute dense, double[] x, double[] w, double[]? b) =>
        (ReferenceLayers.DensePreActivation(batch, s.Aggregate(1, (a, d) => a * d), dense.Units, x, w, b), [dense.Units]);

    private static ReferenceActivation KindOf(ActivationAttribute activation) => activation switch
    {
        ReluAttribute => ReferenceActivation.Relu,
        SigmoidAttribute => ReferenceActivation.Sigmoid,
        TanhAttribute => ReferenceActivation.Tanh,
        Relu6Attribute => ReferenceActivation.Relu6,
        _ => throw new NotSupportedException($"No reference for {activation.GetType().Name}."),
    };
}
