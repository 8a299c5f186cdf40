using System.Reflection;
using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// The GPU recurrent kernels on ILGPU's CPU accelerator against the CPU path (itself checked against float64 and
/// finite differences), at tiny sizes; and every recurrent kernel compiles to PTX (the tiled GEMM's instantiations in
/// TiledGemmTests). Tolerance 1e-4 relative.
/// </summary>
public class RecurrentGpuTests
{
    public static TheoryData<RecurrentKind> Kinds => new(Enum.GetValues<RecurrentKind>());

    public static TheoryData<string, string> KernelMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in new[] { typeof(RnnKernels), typeof(LstmKernels), typeof(GruKernels), typeof(SequenceKernels) })
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static))
            {
                data.Add(type.FullName!, method.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Forward_and_backward_match_the_cpu_path(RecurrentKind kind)
    {
        var problem = RecurrentProblem.Create(kind, 61, 2, 3, 2, 2, initialState: true, lengths: [3, 2], reverse: true);
        var g = problem.Geometry;
        var isLstm = kind == RecurrentKind.Lstm;
        var (width, offset) = (2 * g.Hidden, g.Hidden);
        var random = new Random(62);
        var dyValues = RandomData.Uniform(random, g.Batch * g.Steps * width);
        var dhNValues = RandomData.Uniform(random, g.Batch * g.Hidden);
        var dcNValues = RandomData.Uniform(random, g.Batch * g.Hidden);
        var dxStart = RandomData.Uniform(random, g.Batch * g.Steps * g.InputSize);
        var options = problem.Options(width, offset);
        var cell = (RecurrentCell)(int)kind;

        var cpu = Run(Device.Cpu(), (device, x, w, y, saved, h0, c0, hN, cN) =>
            RecurrentCpuDispatch.Forward(kind, g, x, w, y, saved, new CpuWorkspace(), options, h0, c0, hN, cN),
            (device, x, w, saved, dy, grads, dhN, dcN, dx, dh0, dc0) =>
            RecurrentCpuDispatch.Backward(kind, g, x, w, saved, dy, grads, new CpuWorkspace(), options, dhN, dcN, dx, true, dh0, dc0));

        using var gpuDevice = Device.IlgpuCpu();
        var gpu = Run(gpuDevice, (device, x, w, y, saved, h0, c0, hN, cN) =>
            RecurrentGpu.Forward(cell, g, x, w, y, saved, options, h0, c0, hN, cN),
            (device, x, w, saved, dy, grads, dhN, dcN, dx, dh0, dc0) =>
            RecurrentGpu.Backward(cell, g, x, w, saved, dy, grads, options, dhN, dcN, dx, true, dh0, dc0));

        for (var i = 0; i < cpu.Count; i++)
        {
            Closeness.AssertClose(cpu[i].Values.ToDouble(), gpu[i].Values, Closeness.ForwardTolerance, what: $"{problem}: {cpu[i].Name}");
        }

        List<(string Name, float[] Values)> Run(
            Device device,
            Action<Device, Tensor, RecurrentWeights, Tensor, Tensor, Tensor?, Tensor?, Tensor, Tensor?> forward,
            Action<Device, Tensor, RecurrentWeights, Tensor, Tensor, RecurrentWeights, Tensor, Tensor?, Tensor, Tensor, Tensor?> backward)
        {
            var x = device.FromArray(problem.X, g.Batch, g.Steps, g.InputSize);
            var w = problem.Weights(device);
            var y = device.Allocate(g.Batch, g.Steps, width);
            var saved = device.Allocate(RecurrentGpu.SavedLength(cell, g));
            var hN = device.Allocate(g.Batch, g.Hidden);
            var cN = isLstm ? device.Allocate(g.Batch, g.Hidden) : null;
            forward(device, x, w, y, saved, RecurrentCpuChecks.State(device, problem.H0, g), RecurrentCpuChecks.State(device, problem.C0, g), hN, cN);

            var rows = kind.Gates() * g.Hidden;
            var grads = new RecurrentWeights(device.Allocate(rows, g.InputSize), device.Allocate(rows, g.Hidden), device.Allocate(rows), device.Allocate(rows));
            var dx = device.FromArray(dxStart, g.Batch, g.Steps, g.InputSize);
            var dh0 = device.Allocate(g.Batch, g.Hidden);
            var dc0 = isLstm ? device.Allocate(g.Batch, g.Hidden) : null;
            backward(device, x, w, saved, device.FromArray(dyValues, g.Batch, g.Steps, width), grads,
                device.FromArray(dhNValues, g.Batch, g.Hidden), isLstm ? device.FromArray(dcNValues, g.Batch, g.Hidden) : null, dx, dh0, dc0);

            var results = new List<(string, float[])>
            {
                ("y", y.ToArray()), ("hN", hN.ToArray()), ("dW_ih", grads.WeightIh.ToArray()), ("dW_hh", grads.WeightHh.ToArray()),
                ("db_ih", grads.BiasIh.ToArray()), ("db_hh", grads.BiasHh.ToArray()), ("dx (accumulated)", dx.ToArray()), ("dh0", dh0.ToArray()),
            };
            if (isLstm)
            {
                results.Add(("cN", cN!.ToArray()));
                results.Add(("dc0", dc0!.ToArray()));
            }

            return results;
        }
    }

    [Theory]
    [MemberData(nameof(KernelMethods))]
    public void Kernel_compiles_to_ptx(string typeName, string methodName)
    {
        var kernel = typeof(RecurrentGpu).Assembly.GetType(typeName, throwOnError: true)!.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)!;

        var ptx = PtxCompiler.Compile(kernel);

        Assert.Contains(".entry", ptx);
        Assert.Contains(".target sm_80", ptx);
    }
}
