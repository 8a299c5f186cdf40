using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// Attention dropout (<c>[MultiHeadAttention(3, Dropout = 0.3)]</c>, PyTorch's <c>dropout=</c>): in training the mask of
/// the first forward is the first [N, heads, T, T] words of the model's dropout stream (Philox keyed by the seed, on the
/// "DROP" subsequence, as [Dropout] draws them), so a test rebuilds it from the generator's definition and checks the
/// model's output and every gradient against central finite differences of the float64 reference with that fixed mask,
/// on the CPU and on the GPU kernels (ILGPU's CPU accelerator), which must draw the same mask. Evaluation applies none.
/// </summary>
public class AttentionDropoutTests
{
    private const int Batch = 3;
    private const int Steps = 4;
    private const int Heads = 3;
    private const int Width = 6;
    private const float P = 0.3f;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Training_matches_finite_differences_of_the_reference_with_the_first_mask_of_the_models_stream(bool withLengths, bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        const int seed = 20261204;
        var random = new Random(seed);
        var model = Create(device, seed, random);
        model.Train();
        var mask = FirstMask(seed);
        Assert.Contains(0.0, mask);
        Assert.Contains((double)(1f / (1f - P)), mask);

        int[]? lengths = withLengths ? [Steps, 2, 1] : null;
        var x = RandomData.Uniform(random, Batch * Steps * Width, -2, 2);
        TransformerModels.AssertForwardAndBackward(
            model, device, [Batch, Steps, Width], x,
            (input, p) => ReferenceTransformer.SelfAttention(Batch, Steps, Width, Heads, input, p[0], p[1], p[2], p[3], lengths, mask),
            random, $"AttentionDropoutNet{(withLengths ? " with lengths" : string.Empty)} on {device} (seed {seed})",
            input => ((ISequenceModel)model).Forward(input, lengths));
    }

    [Fact]
    public void The_gpu_kernels_drop_the_same_weights_as_the_cpu_for_the_same_seed_step_after_step()
    {
        using var gpu = Device.IlgpuCpu();
        var random = new Random(5);
        var onCpu = Create(Device.Cpu(), 11, random);
        var onGpu = TestModels.Create(typeof(AttentionDropoutNet), gpu, 11);
        for (var i = 0; i < onCpu.Parameters.Count; i++)
        {
            onGpu.Parameters[i].Value.CopyFrom(onCpu.Parameters[i].Value.ToArray());
        }

        onCpu.Train();
        onGpu.Train();
        int[] lengths = [Steps, 3, 2];
        for (var step = 0; step < 3; step++)
        {
            var x = RandomData.Uniform(random, Batch * Steps * Width, -2, 2);
            var r = RandomData.Uniform(random, Batch * Steps * Width);
            var cpuOutput = ((ISequenceModel)onCpu).Forward(Device.Cpu().FromArray(x, [Batch, Steps, Width]), lengths).ToArray();
            var gpuOutput = ((ISequenceModel)onGpu).Forward(gpu.FromArray(x, [Batch, Steps, Width]), lengths).ToArray();
            var cpuGradient = onCpu.Backward(Device.Cpu().FromArray(r, [Batch, Steps, Width]), inputGradient: true)!.ToArray();
            var gpuGradient = onGpu.Backward(gpu.FromArray(r, [Batch, Steps, Width]), inputGradient: true)!.ToArray();

            Closeness.AssertClose(cpuOutput.ToDouble(), gpuOutput, 1e-5, what: $"output at step {step}");
            Closeness.AssertClose(cpuGradient.ToDouble(), gpuGradient, 1e-5, what: $"input gradient at step {step}");
            for (var i = 0; i < onCpu.Parameters.Count; i++)
            {
                Closeness.AssertClose(onCpu.Parameters[i].Grad.ToArray().ToDouble(), onGpu.Parameters[i].Grad.ToArray(), 1e-5, what: $"{onCpu.Parameters[i].Name} at step {step}");
            }
        }
    }

    [Fact]
    public void Evaluation_applies_no_dropout_and_training_draws_a_new_mask_each_forward()
    {
        var random = new Random(7);
        var model = Create(Device.Cpu(), 3, random);
        var x = RandomData.Uniform(random, Batch * Steps * Width, -2, 2);
        var input = Device.Cpu().FromArray(x, [Batch, Steps, Width]);
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();

        model.Eval();
        Closeness.AssertClose(
            ReferenceTransformer.SelfAttention(Batch, Steps, Width, Heads, x.ToDouble(), parameters[0], parameters[1], parameters[2], parameters[3], null),
            model.Forward(input).ToArray(), Closeness.ForwardTolerance, what: "evaluation");

        model.Train();
        var first = model.Forward(input).ToArray();
        var second = model.Forward(input).ToArray();
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_kernel_alone_keeps_the_undropped_weights_and_the_mask_drops_about_p_of_them()
    {
        const int batch = 8;
        const int steps = 16;
        var random = new Random(9);
        var cpu = Device.Cpu();
        var qkv = cpu.FromArray(RandomData.Uniform(random, batch * steps * 3 * Width, -1, 1), [batch, steps, 3 * Width]);
        var weights = cpu.Allocate(batch, Heads, steps, steps);
        var context = cpu.Allocate(batch, steps, Width);
        var mask = cpu.Allocate(batch, Heads, steps, steps);

        AttentionCpu.Forward(batch, steps, Heads, Width, null, qkv, weights, context, mask, P, new Philox(1), training: true);

        var dropped = mask.ToArray().Count(m => m == 0f) / (double)mask.Length;
        Assert.InRange(dropped, P - 0.05, P + 0.05);
        foreach (var row in weights.ToArray().Chunk(steps))
        {
            Assert.Equal(1.0, row.Sum(), 5);
        }
    }

    private static IModel Create(Device device, int seed, Random random)
    {
        var model = TestModels.Create(typeof(AttentionDropoutNet), device, seed);
        foreach (var parameter in model.Parameters)
        {
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, -1, 1));
        }

        return model;
    }

    /// <summary>The first mask a model with <paramref name="seed"/> draws: its dropout generator's first words, in [N, heads, T, T] order.</summary>
    private static double[] FirstMask(int seed)
    {
        var mask = new float[Batch * Heads * Steps * Steps];
        DropoutCpu.FillMask(mask, P, new Philox(unchecked((ulong)seed), subsequence: 0x44524F50), training: true);
        return mask.ToDouble();
    }
}
