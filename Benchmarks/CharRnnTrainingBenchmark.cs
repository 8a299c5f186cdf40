using Strata.Training;

namespace Strata.Benchmarks;

/// <summary>
/// One CharRnn training step on the CPU as the sample runs it: batch 32 × 35 steps of random character ids through
/// <see cref="CharRnnModel"/>, sequence cross-entropy, backward, clipping at norm 1, Adam. Strata only (ONNX Runtime
/// does not train); the forward pass alone is timed too.
/// </summary>
internal static class CharRnnTrainingBenchmark
{
    private const int Batch = 32, Steps = 35, Vocabulary = 28;

    public static (double ForwardSeconds, double StepSeconds) Run()
    {
        var device = Device.Cpu();
        var model = new CharRnnModel(device, seed: 5);
        var random = new Random(4);
        var ids = new float[Batch * Steps];
        var targets = new int[Batch * Steps];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = random.Next(Vocabulary);
            targets[i] = random.Next(Vocabulary);
        }

        var input = device.FromArray(ids, Batch, Steps);
        var gradLogits = device.Allocate(Batch, Steps, Vocabulary);
        var loss = new SequenceCrossEntropy();
        var optimizer = new Adam(model.Parameters, learningRate: 1e-3f);
        model.Train();
        void Step()
        {
            var logits = model.Forward(input);
            loss.Compute(logits, targets, gradLogits);
            model.Backward(gradLogits);
            GradientClipping.ClipByGlobalNorm(model.Parameters, 1f);
            optimizer.Step();
        }

        var step = Stopwatches.MedianSeconds(Step);
        var forward = Stopwatches.MedianSeconds(() => model.Forward(input));
        return (forward, step);
    }
}
