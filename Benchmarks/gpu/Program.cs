using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Benchmarks.Gpu;
using Strata.Samples;
using Strata.Training;
using Strata.Zoo;

// gpubench [--dry-run] [--models lenet,resnet18,lstm] [--steps N] [--warmup N] [--out results.csv]
// Times a training step (forward, loss, backward, SGD with momentum) and inference (forward in evaluation mode) per
// model on the first CUDA GPU, or with --dry-run on ILGPU's CPU accelerator at tiny sizes (a check that everything
// runs, not a measurement). Each result is printed and appended to the CSV as soon as it is measured.
var options = Options.Parse(args);
using var device = options.DryRun ? Device.IlgpuCpu() : Device.Cuda();
Console.WriteLine($"device: {device}; {(options.DryRun ? "dry run at tiny sizes" : "full sizes")}");
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
            RunClassifier(name, new ResNet18Cifar(device, seed: 1), options.DryRun ? 2 : 128, [3, 32, 32], 10);
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
internal sealed record Options(bool DryRun, string[] Models, int Steps, int Warmup, string Output)
{
    public static Options Parse(string[] args)
    {
        var (dryRun, models, steps, warmup, output) = (false, new[] { "lenet", "resnet18", "lstm" }, -1, -1, "results.csv");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run": dryRun = true; break;
                case "--models": models = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out": output = args[++i]; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return new Options(dryRun, models, steps >= 0 ? steps : dryRun ? 1 : 20, warmup >= 0 ? warmup : dryRun ? 0 : 5, output);
    }
}
