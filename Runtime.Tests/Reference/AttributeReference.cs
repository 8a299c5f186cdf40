using System.Reflection;
using Strata.Cpu;

namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// A float64 forward pass of any <c>[Model]</c> class, read straight from its attributes by reflection and computed
/// with <see cref="ReferenceLayers"/>: independent of the generator, so it can check any generated model. Parameters
/// come as in <see cref="IModel.Parameters"/>: weight then bias for each conv, dense, batch norm and layer norm, in declaration
/// order. It is the evaluation-mode model unless <c>training</c> is set, which only BatchNorm and Dropout tell apart
/// (Dropout in training replays the masks the model drew, given a copy of its generator, see <see cref="Forward"/>);
/// BatchNorm's running statistics come as in <see cref="IModel.Buffers"/> (mean then variance per layer, the int64
/// counters left out). Block arguments inside attributes (<c>"inChannels * expansion"</c>,
/// <c>[When("stride != 1 || inChannels != planes")]</c>) are evaluated by <see cref="ReferenceExpression"/> at forward
/// time, where <c>inChannels</c> is the channel count of what the block use reads.
/// </summary>
internal sealed class AttributeReference
{
    private readonly int[] _inputShape;
    private readonly List<Step> _steps = [];

    /// <summary>
    /// The reference of <paramref name="model"/>; a model with block uses also needs its <paramref name="instance"/>,
    /// whose blocks give their arguments.
    /// </summary>
    public AttributeReference(Type model, object? instance = null)
    {
        _inputShape = model.GetCustomAttribute<InputAttribute>()?.Shape
            ?? throw new ArgumentException($"{model.Name} has no [Input].", nameof(model));
        var last = Graph.Input;
        Walk(model, instance, string.Empty, new Dictionary<string, string> { [Graph.Input] = Graph.Input }, new Dictionary<string, object>(), Graph.Input, ref last);
    }

    /// <summary>
    /// The model's output for <paramref name="x"/>. In training, each Dropout draws its mask from
    /// <paramref name="dropout"/> as the model's documented contract says (docs/dsl-reference.md): one mask per Dropout
    /// layer in model order, of the layer's whole [N, …] size, each element zeroed when the generator's next
    /// <c>NextSingle()</c> is below p and scaled by 1/(1 − p) otherwise. Pass a copy of the model's
    /// <c>DropoutGenerator</c> taken before its forward to replay its masks; without one, Dropout in training throws.
    /// </summary>
    public double[] Forward(int batch, double[] x, IReadOnlyList<double[]> parameters, bool training = false, IReadOnlyList<double[]>? runningStatistics = null, Philox? dropout = null)
    {
        var shape = _inputShape;
        var next = 0;
        var nextStatistic = 0;
        var outputs = new Dictionary<string, (double[] X, int[] Shape, bool Sequence)> { [Graph.Input] = (x, shape, false) };
        // After [ToSequence], x is [N, T, F] of a fixed T and shape is [T, F].
        var sequence = false;
        foreach (var step in _steps)
        {
            if (step.From is { } from)
            {
                (x, shape, sequence) = outputs[from];
            }

            var scope = new Dictionary<string, object>(step.Arguments) { ["inChannels"] = outputs[step.BlockInput].Shape[0] };
            if (step.When is { } condition && !ReferenceExpression.Bool(condition, scope))
            {
                (x, shape, sequence) = outputs[step.SkipRead!];
                outputs[step.Name] = (x, shape, sequence);
                continue;
            }

            foreach (var attribute in step.Layers.Select(layer => Resolve(layer, scope)).OrderBy(a => a is FlattenAttribute ? 0 : 1))
            {
                if (attribute is ToSequenceAttribute bridge)
                {
                    (x, shape) = ToSequence(batch, shape, bridge.Axis, x);
                    sequence = true;
                    continue;
                }

                if (attribute is ConcatAttribute concat)
                {
                    var inputs = concat.Layers.Select(name => outputs[name]).ToList();
                    sequence = inputs[0].Sequence;
                    (x, shape) = Concat(batch, inputs.Select(input => (input.X, input.Shape)).ToList(), sequence, concat.Axis == ConcatAxis.Steps);
                    continue;
                }

                if (sequence && attribute is DenseAttribute or LayerNormAttribute or RecurrentAttribute)
                {
                    (x, shape, sequence) = SequenceReference.FixedStepLayer(attribute, batch, shape[0], shape[1], x, parameters, ref next);
                    continue;
                }

                (x, shape) = attribute switch
                {
                    FlattenAttribute => (x, [shape.Aggregate(1, (a, d) => a * d)]),
                    DropoutAttribute when !training => (x, shape),
                    DropoutAttribute drop => (Dropout(x, drop.P, dropout ?? throw new ArgumentException("Dropout in training needs the model's generator.", nameof(dropout))), shape),
                    BatchNormAttribute bn => (training
                        ? ReferenceBatchNorm.Train(batch, shape[0], PlaneSize(shape), x, parameters[next++], parameters[next++], bn.Eps).Y
                        : ReferenceBatchNorm.Eval(batch, shape[0], PlaneSize(shape), x, parameters[next++], parameters[next++],
                            runningStatistics![nextStatistic++], runningStatistics[nextStatistic++], bn.Eps), shape),
                    ConvAttribute conv => Conv(batch, shape, conv, x, parameters[next++], conv.Bias ? parameters[next++] : null),
                    MaxPoolAttribute pool => Pool(batch, shape, pool.Kernel, pool.Stride, pool.Pad, g => ReferenceLayers.MaxPool(g, x)),
                    AvgPoolAttribute pool => Pool(batch, shape, pool.Kernel, pool.Stride, pool.Pad, g => ReferenceLayers.AvgPool(g, pool.CountIncludePad, x)),
                    GlobalAvgPoolAttribute => (ReferenceLayers.GlobalAvgPool(batch, shape[0], shape[1] * shape[2], x), [shape[0]]),
                    AdaptiveAvgPoolAttribute pool => (ReferenceLayers.AdaptiveAvgPool(batch, shape[0], shape[1], shape[2], pool.Height, pool.Width, x), [shape[0], pool.Height, pool.Width]),
                    LayerNormAttribute norm => (ReferenceLayers.LayerNorm(batch, shape.Aggregate(1, (a, d) => a * d), x, parameters[next++], parameters[next++], norm.Eps), shape),
                    DenseAttribute dense => Dense(batch, shape, dense, x, parameters[next++], dense.Bias ? parameters[next++] : null),
                    AddAttribute add => (outputs[add.First].X.Zip(outputs[add.Second].X, (a, b) => a + b).ToArray(), outputs[add.First].Shape),
                    SoftmaxAttribute => (Softmax(batch, shape, x), shape),
                    ConvTransposeAttribute t => ConvTranspose(batch, shape, t, x, parameters[next++], t.Bias ? parameters[next++] : null),
                    GeluAttribute => (x.Select(v => v * 0.5 * (1 + Erf(v / Math.Sqrt(2)))).ToArray(), shape),
                    _ => throw new NotSupportedException($"No reference for {attribute.GetType().Name}."),
                };
            }

            if (step.Activation is LeakyReluAttribute leaky)
            {
                x = x.Select(value => value > 0 ? value : leaky.NegativeSlope * value).ToArray();
            }
            else if (step.Activation is { } activation)
            {
                x = ReferenceLayers.Activate(KindOf(activation), x);
            }

            outputs[step.Name] = (x, shape, sequence);
        }

        return x;
    }

    /// <summary>
    /// Lists the layers of a model or block in declaration order, each block use expanded with its arguments and
    /// named by path. Layer names are mapped here; numbers and [When] wait for the forward pass, where the input's
    /// channels (<c>inChannels</c>) are known: a layer its [When] leaves out passes on what it would have read.
    /// </summary>
    private void Walk(Type type, object? owner, string prefix, Dictionary<string, string> names, IReadOnlyDictionary<string, object> arguments, string blockInput, ref string last)
    {
        string Map(string name) => names.TryGetValue(name, out var mapped) ? mapped : prefix + name;

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
        {
            var name = prefix + property.Name;
            if (property.IsDefined(typeof(LayerAttribute)))
            {
                var from = property.GetCustomAttribute<FromAttribute>()?.Layer;
                var layers = property.GetCustomAttributes<LayerAttribute>().ToList();
                var read = from ?? layers.OfType<AddAttribute>().Select(add => add.First).Concat(layers.OfType<ConcatAttribute>().Select(concat => concat.Layers[0])).FirstOrDefault();
                var mapped = layers.Select(attribute => (LayerAttribute)(attribute switch
                {
                    AddAttribute a => new AddAttribute(Map(a.First), Map(a.Second)),
                    ConcatAttribute c => new ConcatAttribute(c.Layers.Select(Map).ToArray()) { Axis = c.Axis },
                    _ => attribute,
                })).ToList();
                _steps.Add(new Step(name, mapped, from is not null ? Map(from) : null, property.GetCustomAttribute<ActivationAttribute>(),
                    arguments, blockInput, property.GetCustomAttribute<WhenAttribute>()?.Condition, read is null ? last : Map(read)));
                names[property.Name] = name;
                last = name;
            }
            else if (typeof(IBlock).IsAssignableFrom(property.PropertyType) || typeof(IBlock[]).IsAssignableFrom(property.PropertyType))
            {
                var value = property.GetValue(owner ?? throw new ArgumentException($"{type.Name} uses blocks; pass the model instance."))!;
                var blocks = value as IBlock[] ?? [(IBlock)value];
                if (property.GetCustomAttribute<FromAttribute>() is { } from)
                {
                    _steps.Add(new Step(name + ".<from>", [], Map(from.Layer), null, arguments, blockInput));
                    last = name + ".<from>";
                }

                for (var i = 0; i < blocks.Length; i++)
                {
                    var path = value is IBlock[] ? name + "." + i + "." : name + ".";
                    var inner = new Dictionary<string, string> { [Graph.Input] = last };
                    Walk(blocks[i].GetType(), blocks[i], path, inner, ParseArguments(blocks[i].Arguments), last, ref last);
                }

                names[property.Name] = last;
            }
        }
    }

    /// <summary>A layer attribute with its block-argument expressions (<c>ChannelsFrom</c>, <c>StrideFrom</c>, …) evaluated in <paramref name="scope"/>.</summary>
    private static LayerAttribute Resolve(LayerAttribute attribute, IReadOnlyDictionary<string, object> scope)
    {
        int Int(int written, string? expression) => expression is null ? written : ReferenceExpression.Int(expression, scope);
        return attribute switch
        {
            ConvAttribute c => new ConvAttribute(Int(c.Channels, c.ChannelsFrom), Int(c.Kernel, c.KernelFrom), Int(c.Stride, c.StrideFrom), Int(c.Pad, c.PadFrom), c.Bias)
            {
                KernelWidth = c.KernelWidth, Groups = Int(c.Groups, c.GroupsFrom), Dilation = c.Dilation,
            },
            ConvTransposeAttribute t => new ConvTransposeAttribute(Int(t.Channels, t.ChannelsFrom), t.Kernel, Int(t.Stride, t.StrideFrom), t.Pad, t.OutputPadding, t.Bias) { Groups = t.Groups },
            DenseAttribute d => new DenseAttribute(Int(d.Units, d.UnitsFrom), d.Bias),
            _ => attribute,
        };
    }

    /// <summary>x · mask, the mask drawn element by element from <paramref name="random"/>: 0 when the draw is below p, else 1/(1 − p).</summary>
    private static double[] Dropout(double[] x, double p, Philox random)
    {
        var keep = 1.0 / (1.0 - (float)p);
        return x.Select(value => random.NextSingle() < (float)p ? 0.0 : value * keep).ToArray();
    }

    /// <summary>IBlock.Arguments, "numChannels: 3, use1x1Conv: false", by name, each value an int or a bool.</summary>
    private static Dictionary<string, object> ParseArguments(string arguments) =>
        arguments.Length == 0
            ? []
            : arguments.Split(", ").Select(pair => pair.Split(": ")).ToDictionary(pair => pair[0], pair => ReferenceExpression.Evaluate(pair[1], new Dictionary<string, object>()));

    /// <summary>
    /// One layer of the expanded model: what it reads (null: the step before), its layer attributes (names mapped,
    /// numbers still as written), its activation, the arguments of its block use and what that use reads (for
    /// <c>inChannels</c>), its [When] condition and what it passes on when that is false.
    /// </summary>
    private sealed record Step(
        string Name, IReadOnlyList<LayerAttribute> Layers, string? From, ActivationAttribute? Activation,
        IReadOnlyDictionary<string, object> Arguments, string BlockInput, string? When = null, string? SkipRead = null);

    private static int PlaneSize(int[] shape) => shape.Skip(1).Aggregate(1, (a, d) => a * d);

    /// <summary>
    /// [ToSequence] by PyTorch's definition. Width: <c>x.permute(0, 3, 1, 2).reshape(N, W, C * H)</c>, i.e.
    /// y[n, w, c·H + h] = x[n, c, h, w]; Pixels: <c>x.flatten(2).transpose(1, 2)</c>, i.e. y[n, h·W + w, c] = x[n, c, h, w].
    /// </summary>
    private static (double[], int[]) ToSequence(int batch, int[] s, SequenceAxis axis, double[] x)
    {
        var (channels, height, width) = (s[0], s[1], s[2]);
        var y = new List<double>(x.Length);
        double At(int n, int c, int h, int w) => x[((n * channels + c) * height + h) * width + w];
        for (var n = 0; n < batch; n++)
        {
            if (axis == SequenceAxis.Width)
            {
                for (var w = 0; w < width; w++)
                for (var c = 0; c < channels; c++)
                for (var h = 0; h < height; h++)
                {
                    y.Add(At(n, c, h, w));
                }
            }
            else
            {
                for (var h = 0; h < height; h++)
                for (var w = 0; w < width; w++)
                for (var c = 0; c < channels; c++)
                {
                    y.Add(At(n, c, h, w));
                }
            }
        }

        return axis == SequenceAxis.Width ? (y.ToArray(), [width, channels * height]) : (y.ToArray(), [height * width, channels]);
    }

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

    /// <summary>
    /// erf by its Maclaurin series, to double precision for |z| ≤ 4 (the terms' cancellation costs at most e^16 ulps),
    /// and ±1 beyond, where it differs from 1 by less than 2e-8: independent of the runtime's float approximation.
    /// </summary>
    internal static double Erf(double z)
    {
        if (Math.Abs(z) > 4)
        {
            return Math.Sign(z);
        }

        double sum = 0, term = z;
        for (var n = 0; n < 200 && Math.Abs(term) > 1e-17; n++)
        {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>
    /// nn.ConvTranspose2d by its definition: every input value x[n, ci, h, w] scatters x·w[ci, co, kh, kw] to
    /// y[n, g·(out/G) + co, h·s − p + kh, w·s − p + kw] within its group g, then the bias is added.
    /// </summary>
    private static (double[], int[]) ConvTranspose(int batch, int[] s, ConvTransposeAttribute t, double[] x, double[] w, double[]? b)
    {
        var (inC, h, wd, k) = (s[0], s[1], s[2], t.Kernel);
        var oh = (h - 1) * t.Stride - 2 * t.Pad + k + t.OutputPadding;
        var ow = (wd - 1) * t.Stride - 2 * t.Pad + k + t.OutputPadding;
        var (inPerGroup, outPerGroup) = (inC / t.Groups, t.Channels / t.Groups);
        var y = new double[batch * t.Channels * oh * ow];
        for (var n = 0; n < batch; n++)
        for (var ci = 0; ci < inC; ci++)
        for (var ih = 0; ih < h; ih++)
        for (var iw = 0; iw < wd; iw++)
        for (var co = 0; co < outPerGroup; co++)
        for (var kh = 0; kh < k; kh++)
        for (var kw = 0; kw < k; kw++)
        {
            var (yh, yw) = (ih * t.Stride - t.Pad + kh, iw * t.Stride - t.Pad + kw);
            if (yh < 0 || yh >= oh || yw < 0 || yw >= ow)
            {
                continue;
            }

            var c = ci / inPerGroup * outPerGroup + co;
            y[((n * t.Channels + c) * oh + yh) * ow + yw] +=
                x[((n * inC + ci) * h + ih) * wd + iw] * w[((ci * outPerGroup + co) * k + kh) * k + kw];
        }

        for (var i = 0; b is not null && i < y.Length; i++)
        {
            y[i] += b[i / (oh * ow) % t.Channels];
        }

        return (y, [t.Channels, oh, ow]);
    }

    /// <summary>torch.softmax over dim 1: per sample and per position after the first dimension, over that dimension.</summary>
    private static double[] Softmax(int batch, int[] shape, double[] x)
    {
        var channels = shape[0];
        var inner = shape.Skip(1).Aggregate(1, (a, d) => a * d);
        var y = new double[x.Length];
        for (var n = 0; n < batch; n++)
        for (var i = 0; i < inner; i++)
        {
            var at = Enumerable.Range(0, channels).Select(c => (n * channels + c) * inner + i).ToArray();
            var max = at.Max(j => x[j]);
            var sum = at.Sum(j => Math.Exp(x[j] - max));
            foreach (var j in at)
            {
                y[j] = Math.Exp(x[j] - max) / sum;
            }
        }

        return y;
    }

    /// <summary>
    /// torch.cat over dim 1: per sample, each input's values one after another; for the features of a sequence [T, F]
    /// (dim −1), per step; over its steps (<paramref name="overSteps"/>), per sample again, giving [ΣT, F].
    /// </summary>
    private static (double[], int[]) Concat(int batch, IReadOnlyList<(double[] X, int[] Shape)> inputs, bool sequence, bool overSteps)
    {
        var rows = sequence && !overSteps ? batch * inputs[0].Shape[0] : batch;
        var y = new List<double>();
        for (var r = 0; r < rows; r++)
        {
            foreach (var (values, _) in inputs)
            {
                var size = values.Length / rows;
                y.AddRange(values.Skip(r * size).Take(size));
            }
        }

        int[] shape = sequence && !overSteps
            ? [inputs[0].Shape[0], inputs.Sum(input => input.Shape[1])]
            : [inputs.Sum(input => input.Shape[0]), .. inputs[0].Shape.Skip(1)];
        return (y.ToArray(), shape);
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
