using Strata.Runtime.Tests.Training;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// The fused GPU optimiser updates on ILGPU's CPU accelerator: the parameters, gradients and state of an optimiser move
/// into flat device buffers and one launch per step updates them all. Against the CPU loops over four parameters (one
/// frozen for a step, then thawed, which splits and rejoins the launch's segments), with one launch per step, state that
/// round-trips through GetState/SetState, and a model's own tensors still seeing the moved storage.
/// </summary>
public class FusedOptimizerTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private const int Steps = 4;

    public static TheoryData<string> Optimizers => new() { "sgd", "sgd-momentum", "adam", "adamw" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void One_launch_per_step_matches_the_cpu_loops(string kind)
    {
        var cpu = Parameters(Device.Cpu());
        var gpu = Parameters(fixture.Device);
        var cpuOptimizer = Create(kind, cpu);
        var gpuOptimizer = Create(kind, gpu);

        for (var step = 0; step < Steps; step++)
        {
            // Parameter 1 is frozen for step 1 only: the segments split around it, then join again.
            cpu[1].IsFrozen = gpu[1].IsFrozen = step == 1;
            OptimizerTestData.SetGradients(cpu, step);
            OptimizerTestData.SetGradients(gpu, step);
            cpuOptimizer.Step();
            gpuOptimizer.Step();
        }

        Assert.Equal(Steps, Launches(gpuOptimizer));
        AssertClose(cpu, gpu);

        // The state reads the flat buffers through the same per-parameter tensors and loads back into a new optimiser.
        var state = ((IResumableOptimizer)gpuOptimizer).GetState();
        var cpuState = ((IResumableOptimizer)cpuOptimizer).GetState();
        foreach (var (name, values) in cpuState.Buffers)
        {
            Assert.Equal(values.Length, state.Buffers[name].Length);
            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], state.Buffers[name][i], 1e-5f);
            }
        }

        var resumed = Create(kind, gpu);
        ((IResumableOptimizer)resumed).SetState(state);
        OptimizerTestData.SetGradients(cpu, Steps);
        OptimizerTestData.SetGradients(gpu, Steps);
        cpuOptimizer.Step();
        resumed.Step();
        Assert.Equal(1, Launches(resumed));
        AssertClose(cpu, gpu);
    }

    [Fact]
    public void A_model_keeps_training_through_its_own_tensors_after_the_move()
    {
        var model = new TransferNet(fixture.Device, seed: 3);
        var before = model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var optimizer = new Sgd(model.Parameters, 0.5f);

        for (var p = 0; p < before.Length; p++)
        {
            Assert.Equal(before[p], model.Parameters[p].Value.ToArray());
            model.Parameters[p].Grad.CopyFrom(Enumerable.Repeat(1f, before[p].Length).ToArray());
        }

        optimizer.Step();

        for (var p = 0; p < before.Length; p++)
        {
            Assert.Equal(before[p].Select(v => v - 0.5f), model.Parameters[p].Value.ToArray());
        }
    }

    private static Parameter[] Parameters(Device device)
    {
        var random = new Random(21);
        return new[] { new[] { 37 }, new[] { 2, 3 }, new[] { 5 }, new[] { 4, 4 } }.Select((shape, index) =>
        {
            var parameter = new Parameter(device, $"p{index}", shape);
            parameter.Value.CopyFrom(Enumerable.Range(0, parameter.Value.Length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());
            return parameter;
        }).ToArray();
    }

    private static IOptimizer Create(string kind, Parameter[] parameters) => kind switch
    {
        "sgd" => new Sgd(parameters, 0.1f),
        "sgd-momentum" => new Sgd(parameters, 0.1f, momentum: 0.9f, weightDecay: 0.01f),
        "adam" => new Adam(parameters, 0.01f, weightDecay: 0.01f),
        _ => new AdamW(parameters, 0.01f, weightDecay: 0.1f),
    };

    private static int Launches(IOptimizer optimizer) => optimizer switch
    {
        Sgd sgd => sgd.Launches,
        AdamOptimizer adam => adam.Launches,
        _ => throw new ArgumentException(optimizer.GetType().Name),
    };

    private static void AssertClose(Parameter[] cpu, Parameter[] gpu)
    {
        for (var p = 0; p < cpu.Length; p++)
        {
            var expected = cpu[p].Value.ToArray();
            var actual = gpu[p].Value.ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-5f);
            }
        }
    }
}
