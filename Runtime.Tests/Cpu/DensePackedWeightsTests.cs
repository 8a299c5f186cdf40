using Strata.Cpu;
using Strata.IO;
using Strata.Runtime.Tests.Allocation;
using Strata.Training;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// DenseCpu packs its weights once per change: the packed copy is reused while the weights' Version stands, and never
/// used after an optimiser step, a load, a CopyFrom or a MarkChanged.
/// </summary>
public unsafe class DensePackedWeightsTests
{
    private const int Batch = 5;
    private const int In = 37;
    private const int Out = 70;

    [Fact]
    public void Version_advances_on_every_write_through_the_tensor_and_views_share_it()
    {
        using var tensor = Device.Cpu().Allocate(2, 3);
        var view = tensor.Reshape(6);
        var versions = new List<long> { tensor.Version };

        tensor.CopyFrom([1f, 2, 3, 4, 5, 6]);
        versions.Add(tensor.Version);
        view.Clear();
        versions.Add(tensor.Version);
        tensor.Span[0] = 9;
        view.MarkChanged();
        versions.Add(tensor.Version);

        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(tensor.Version, view.Version);
    }

    [Fact]
    public void Every_packed_operand_starts_on_a_cache_line()
    {
        var cache = new CpuWorkspace().PackedWeights;
        var weights = Device.Cpu().FromArray(Enumerable.Range(0, 4 * 6 * 9).Select(i => (float)i).ToArray(), 4, 6, 3, 3);
        var operands = new[]
        {
            cache.TransposedB(weights, 4, 54).ToArray().Length,
            Start(cache.TransposedB(weights, 4, 54)), Start(cache.TransposedB(weights, 2, 54, offset: 108)),
            Start(cache.PackedA(weights, 0, 4, 54, transposed: false)), Start(cache.PackedA(weights, 0, 54, 4, transposed: true)),
            Start(cache.FlippedA(weights, 0, 6, 4, 3)), Start(cache.TapMajorA(weights, 4, 6, 9, flipped: false)),
            Start(cache.TapMajorB(weights, 4, 6, 9, flipped: true)), Start(cache.RecurrentB(weights, 4, 6)),
        };

        Assert.Equal(Gemm.PackedBLength(4, 54), operands[0]);
        Assert.All(operands.Skip(1), start => Assert.Equal(0, start % 64));

        static nint Start(ReadOnlySpan<float> packed)
        {
            fixed (float* start = packed)
            {
                return (nint)start;
            }
        }
    }

    [Fact]
    public void Weights_are_packed_once_while_unchanged()
    {
        var (x, w, b, y, workspace) = Setup();
        var packsBefore = workspace.PackedWeights.Packs;

        for (var i = 0; i < 3; i++)
        {
            DenseCpu.Forward<IdentityActivation>(Batch, In, Out, x, w.Value, b.Value, y, workspace);
        }

        Assert.Equal(packsBefore + 1, workspace.PackedWeights.Packs);
        Assert.Equal(Expected(x, w, b), y.ToArray());
    }

    [Fact]
    public void An_optimiser_step_is_seen_by_the_next_forward()
    {
        var (x, w, b, y, workspace) = Setup();
        DenseCpu.Forward<IdentityActivation>(Batch, In, Out, x, w.Value, b.Value, y, workspace);
        var before = y.ToArray();
        w.Grad.CopyFrom(Values(new Random(9), w.Value.Length));

        new Sgd([w, b], learningRate: 0.5f).Step();
        DenseCpu.Forward<IdentityActivation>(Batch, In, Out, x, w.Value, b.Value, y, workspace);

        Assert.NotEqual(before, y.ToArray());
        Assert.Equal(Expected(x, w, b), y.ToArray());
    }

    [Fact]
    public void Adam_steps_are_seen_by_the_next_forward()
    {
        var (x, w, b, y, workspace) = Setup();
        var adam = new Adam([w, b], learningRate: 0.1f);
        for (var step = 0; step < 3; step++)
        {
            DenseCpu.Forward<IdentityActivation>(Batch, In, Out, x, w.Value, b.Value, y, workspace);

            // Adam's weights are not multiples of 1/8 any more: compare within float rounding.
            var expected = Expected(x, w, b);
            var actual = y.ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"step {step}, output {i}: {actual[i]} ≠ {expected[i]}");
            }

            w.Grad.CopyFrom(Values(new Random(step), w.Value.Length));
            adam.Step();
        }
    }

    [Fact]
    public void A_span_write_is_seen_after_MarkChanged()
    {
        var (x, w, b, y, workspace) = Setup();
        DenseCpu.Forward<IdentityActivation>(Batch, In, Out, x, w.Value, b.Value, y, workspace);

        w.Value.Span.Reverse();
        w.Value.MarkChanged();
        DenseCpu.Forward<IdentityActivation>(Batch, In, Out, x, w.Value, b.Value, y, workspace);

        Assert.Equal(Expected(x, w, b), y.ToArray());
    }

    [Fact]
    public void A_loaded_model_computes_with_the_loaded_weights()
    {
        var source = new AllocationMlp(Device.Cpu(), seed: 1);
        var target = new AllocationMlp(Device.Cpu(), seed: 2);
        using var x = Device.Cpu().FromArray(Values(new Random(3), 4 * 256), 4, 256);
        target.Eval();
        source.Eval();
        var stale = target.Forward(x).ToArray();

        ModelState.Load(target, ModelState.ToSafeTensors(source));

        var expected = source.Forward(x).ToArray();
        Assert.NotEqual(stale, expected);
        Assert.Equal(expected, target.Forward(x).ToArray());
    }

    private static (Tensor X, Parameter W, Parameter B, Tensor Y, CpuWorkspace Workspace) Setup()
    {
        var device = Device.Cpu();
        var w = new Parameter(device, "w", Out, In);
        var b = new Parameter(device, "b", Out);
        w.Value.CopyFrom(Values(new Random(1), Out * In));
        b.Value.CopyFrom(Values(new Random(2), Out));
        return (device.FromArray(Values(new Random(3), Batch * In), Batch, In), w, b, device.Allocate(Batch, Out), new CpuWorkspace());
    }

    /// <summary>x wᵀ + b from the weights' current values, in double, rounded to float at the end.</summary>
    private static float[] Expected(Tensor x, Parameter w, Parameter b)
    {
        var (xs, ws, bs) = (x.ToArray(), w.Value.ToArray(), b.Value.ToArray());
        var y = new float[Batch * Out];
        for (var n = 0; n < Batch; n++)
        {
            for (var o = 0; o < Out; o++)
            {
                double sum = bs[o];
                for (var i = 0; i < In; i++)
                {
                    sum += (double)xs[n * In + i] * ws[o * In + i];
                }

                y[n * Out + o] = (float)sum;
            }
        }

        return y;
    }

    private static float[] Values(Random random, int count)
    {
        // Multiples of 1/8 in [-2, 2]: products and their sums are exact in float, so any order of summation agrees.
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.Next(-16, 17) / 8f;
        }

        return values;
    }
}
