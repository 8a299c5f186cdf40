using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Benchmarks.Gpu;
using Strata.Samples;
using Strata.Training;
using Strata.Zoo;

// gpubench [--dry-run] [--models lenet,resnet18,lstm] [--steps N] [--warmup N] [--out results.csv]
//          [--resnet-image 8|32] [--gemm-group N]
// Times a training step (forward, loss, backward, SGD with momentum) and inference (forward in evaluation mode) per
// model on the first CUDA GPU, or with --dry-run on ILGPU's CPU accelerator at tiny sizes (a check that everything
// runs, not a measurement). Each result is printed and appended to the CSV as soon as it is measured. The dry run gives
// ResNet-18 a 3×8×8 input (--resnet-image 8; same layers and widths) and the tiled GEMM 1×1 groups on the simulator
// (--gemm-group 1), whose barriers cost more the more threads they join.
var options = Options.Parse(args);
using var device = options.DryRun ? Device.IlgpuCpu() : Device.Cuda();
if (options.GemmGroup > 0)
{
    Strata.Gpu.TiledGemm.UseGroupShape(device.Accelerator, new ILGPU.Index2D(options.GemmGroup, options.GemmGroup));
}

Console.WriteLine($"device: {device}; {(options.DryRun ? "dry run at tiny sizes" : "full sizes")}" +
    $"; resnet18 input 3x{options.ResNetImage}x{options.ResNetImage}; GEMM groups {Strata.Gpu.TiledGemm.For(device.Accelerator).GroupShape}");
if (!File.Exists(options.Output))
{
    File.WriteAllText(options.Output, "framework,model,mode,batch,median_ms,min_ms,steps\n");
}

foreach (var name in options.Models)
{
    var sw = Stopwatch.StartNew();
    switch (name)
    {
        case "lenet":
            RunClassifier(name, new LeNet(device, seed: 1), options.DryRun ? 2 : 128, [1, 28, 28], 10);
            break;
        case "resnet18":
            if (options.ResNetImage == 8)
            {
                RunClassifier(name, new ResNet18Tiny(device, seed: 1), options.DryRun ? 2 : 128, [3, 8, 8], 10);
            }
            else
            {
                RunClassifier(name, new ResNet18Cifar(device, seed: 1), options.DryRun ? 2 : 128, [3, 32, 32], 10);
            }

            break;
        case "lstm":
            RunLstm(name, new LstmBenchModel(device, seed: 1), options.DryRun ? 2 : 64, options.DryRun ? 3 : 35);
            break;
        default:
            throw new ArgumentException($"Unknown model '{name}'; use lenet, resnet18 or lstm.");
    }

    Console.WriteLine($"# {name} done in {sw.Elapsed.TotalSeconds:F1} s");
}

void RunClassifier(string name, IModel model, int batch, int[] image, int classes)
{
    var random = new Random(2);
    var x = device.FromArray(Enumerable.Range(0, batch * image.Aggregate(1, (a, b) => a * b)).Select(_ => (float)random.NextDouble()).ToArray(),
        [batch, .. image]);
    var labels = Enumerable.Range(0, batch).Select(_ => random.Next(classes)).ToArray();
    var grad = device.Allocate(batch, classes);
    var loss = new SoftmaxCrossEntropy();
    var optimizer = new Sgd(model.Parameters, learningRate: 0.01f, momentum: 0.9f);
    model.Train();
    Time(name, "train", batch, () =>
    {
        var logits = model.Forward(x);
        loss.Compute(logits, labels, grad);
        model.Backward(grad);
        optimizer.Step();
    });
    model.Eval();
    Time(name, "infer", batch, () => model.Forward(x));
}

void RunLstm(string name, LstmBenchModel model, int batch, int steps)
{
    var random = new Random(3);
    float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
    var x = device.FromArray(Values(batch * steps * 256), batch, steps, 256);
    var target = device.FromArray(Values(batch * steps * 256), batch, steps, 256);
    var grad = device.Allocate(batch, steps, 256);
    var loss = new MeanSquaredError();
    var optimizer = new Sgd(model.Parameters, learningRate: 0.01f, momentum: 0.9f);
    model.Train();
    Time(name, "train", batch, () =>
    {
        var y = model.Forward(x);
        loss.Compute(y, target, grad, Reduction.Mean);
        model.Backward(grad);
        optimizer.Step();
    });
    model.Eval();
    Time(name, "infer", batch, () => model.Forward(x));
}

void Time(string model, string mode, int batch, Action step)
{
    for (var i = 0; i < options.Warmup; i++)
    {
        step();
    }

    device.Synchronize();
    var times = new List<double>();
    var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
    for (var i = 0; i < options.Steps; i++)
    {
        var start = Stopwatch.GetTimestamp();
        step();
        device.Synchronize();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    // Host<->device copies per timed step (Device.HostUploads/HostDownloads): the training steps upload nothing here (the
    // batch stays on the device) and download the loss they ask for.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"# {model} {mode}: {(double)(device.HostUploads - uploads) / options.Steps:F1} uploads, {(double)(device.HostDownloads - downloads) / options.Steps:F1} downloads per step"));

    times.Sort();
    var (median, min) = (times[times.Count / 2], times[0]);
    var line = string.Create(CultureInfo.InvariantCulture, $"strata,{model},{mode},{batch},{median:F3},{min:F3},{times.Count}");
    Console.WriteLine(line);
    File.AppendAllText(options.Output, line + "\n");
}

/// <summary>The command line; kept to a few flags so the GPU machine's script needs nothing else.</summary>
internal sealed record Options(bool DryRun, string[] Models, int Steps, int Warmup, string Output, int ResNetImage, int GemmGroup)
{
    public static Options Parse(string[] args)
    {
        var (dryRun, models, steps, warmup, output) = (false, new[] { "lenet", "resnet18", "lstm" }, -1, -1, "results.csv");
        var (image, gemmGroup) = (-1, -1);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run": dryRun = true; break;
                case "--models": models = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out": output = args[++i]; break;
                case "--resnet-image": image = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--gemm-group": gemmGroup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        image = image >= 0 ? image : dryRun ? 8 : 32;
        if (image is not (8 or 32))
        {
            throw new ArgumentException($"--resnet-image is 8 (the dry run's tiny geometry) or 32, not {image}.");
        }

        // 0 keeps the device's own group shape (16 × 16 on a GPU, 4 × 4 on the simulator).
        gemmGroup = gemmGroup >= 0 ? gemmGroup : dryRun ? 1 : 0;
        return new Options(
            dryRun, models, steps >= 0 ? steps : dryRun ? 1 : 20, warmup >= 0 ? warmup : dryRun ? 0 : 5, output, image, gemmGroup);
    }
}
