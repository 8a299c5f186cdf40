using Strata.Cpu;

namespace Strata.Runtime.Tests.Worker;

/// <summary>
/// The worker's <c>kernels OUT</c> command, run by Runtime.Tests/Cpu/CpuKernelPathTests with and without
/// <c>STRATA_CPU_PATH</c>: one forward and backward of LeNet (convolution, pooling, dense) and of a recurrent net (LSTM,
/// bidirectional GRU), on fixed inputs, through whichever kernel path the process took.
/// </summary>
internal static class KernelPathRun
{
    /// <summary>Prints the path and writes every output and gradient to <paramref name="file"/>, as raw floats.</summary>
    public static int Run(string file)
    {
        Console.WriteLine($"path: {CpuKernels.Path}");
        var values = new List<float>();
        var random = new Random(17);
        Tensor Input(params int[] shape)
        {
            var data = new float[shape.Aggregate(1, (a, b) => a * b)];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = random.NextSingle() * 2 - 1;
            }

            return Device.Cpu().FromArray(data, shape);
        }

        void Collect(IModel model, Tensor input)
        {
            var output = model.Forward(input);
            values.AddRange(output.Span.ToArray());
            var gradient = Input(output.Shape);
            var inputGradient = model.Backward(gradient, inputGradient: true)!;
            values.AddRange(inputGradient.Span.ToArray());
            foreach (var parameter in model.Parameters)
            {
                values.AddRange(parameter.Grad.Span.ToArray());
            }
        }

        Collect(new LeNet(Device.Cpu(), seed: 7), Input(16, 1, 28, 28));
        Collect(new PathNet(Device.Cpu(), seed: 3), Input(4, 9, 16));
        using var stream = File.Create(file);
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.ToArray().AsSpan()));
        return 0;
    }
}
