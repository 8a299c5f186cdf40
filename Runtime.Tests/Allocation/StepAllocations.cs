using Strata.Training;

namespace Strata.Runtime.Tests.Allocation;

/// <summary>
/// Counts the managed bytes a training step allocates on the calling thread and Strata's CPU workers
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> on each), the threads every kernel runs on:
/// copying the batch in, Forward, the loss, Backward and an Adam step. The first <c>warmUp</c> steps are not counted
/// (buffers grow to their size there). Then <c>steps</c> steps are counted one by one, and the result is the fewest
/// bytes of any step: an allocation in every step shows in every count.
/// </summary>
internal static class StepAllocations
{
    /// <summary>Bytes per step of a classifier trained with softmax cross-entropy.</summary>
    public static double PerClassifierStep(IModel model, int batch, int steps = 20, int warmUp = 2)
    {
        var classes = model.OutputShape[0];
        var random = new Random(7);
        using var input = model.Device.Allocate([batch, .. model.InputShape]);
        using var gradient = model.Device.Allocate([batch, .. model.OutputShape]);
        var host = new float[input.Length];
        for (var i = 0; i < host.Length; i++)
        {
            host[i] = (float)random.NextDouble() - 0.5f;
        }

        var labels = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            labels[i] = random.Next(classes);
        }

        var loss = new SoftmaxCrossEntropy();
        var optimizer = new Adam(model.Parameters, 1e-4f);
        model.Train();
        void Step()
        {
            input.CopyFrom(host);
            var logits = model.Forward(input);
            loss.Compute(logits, labels, gradient);
            model.Backward(gradient);
            optimizer.Step();
        }

        return Measure(Step, steps, warmUp);
    }

    /// <summary>Bytes per step of a sequence model with a per-step output [N, T, V], trained with sequence cross-entropy.</summary>
    public static double PerSequenceStep(ISequenceModel model, int batch, int time, int steps = 20, int warmUp = 2)
    {
        var classes = model.OutputShape[^1];
        var random = new Random(7);
        using var input = model.Device.Allocate([batch, time, model.InputShape[^1]]);
        using var gradient = model.Device.Allocate([batch, time, classes]);
        var host = new float[input.Length];
        for (var i = 0; i < host.Length; i++)
        {
            host[i] = (float)random.NextDouble() - 0.5f;
        }

        var targets = new int[batch * time];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = random.Next(classes);
        }

        var loss = new SequenceCrossEntropy();
        var optimizer = new Adam(model.Parameters, 1e-4f);
        model.Train();
        void Step()
        {
            input.CopyFrom(host);
            var logits = model.Forward(input);
            loss.Compute(logits, targets, gradient);
            model.Backward(gradient);
            optimizer.Step();
        }

        return Measure(Step, steps, warmUp);
    }

    private static long Allocated() => GC.GetAllocatedBytesForCurrentThread() + Strata.Cpu.CpuParallel.WorkerAllocatedBytes;

    private static double Measure(Action step, int steps, int warmUp)
    {
        for (var i = 0; i < warmUp; i++)
        {
            step();
        }

        // Each step on its own: one that allocates shows in every measurement. The count is the calling thread's and
        // Strata's CPU workers', where every kernel runs: the test host's own threads allocate now and then (about 6 KB
        // at a time), and a long step (ResNet-18's) would always catch some of that in a count over all threads.
        var fewest = double.MaxValue;
        for (var i = 0; i < steps; i++)
        {
            var before = Allocated();
            step();
            fewest = Math.Min(fewest, Allocated() - before);
        }

        return fewest;
    }
}
