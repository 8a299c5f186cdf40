using System.Diagnostics;
using System.Globalization;
using Strata.Data;
using Strata.Training;

namespace Strata.Zoo;

/// <summary>
/// One epoch of <see cref="FcnTraining.Train(FcnResNet18Digits, Func{int, SegmentationSet}, int, int, int, float, TextWriter?, SegmentationSet?)"/>:
/// the mean per-pixel loss, canvases per second, the training seconds and, with an evaluation set, its pixel accuracy
/// and mean IoU.
/// </summary>
public sealed record FcnEpoch(int Epoch, float Loss, double CanvasesPerSecond, double Seconds, double? EvalPixelAccuracy, double? EvalMeanIoU);

/// <summary>
/// Trains <see cref="FcnResNet18Digits"/> on MNIST canvases (<see cref="DigitCanvases"/>): per-pixel softmax
/// cross-entropy (<see cref="PixelCrossEntropy"/>), Adam with a cosine decay to zero, and per-pixel accuracy and mean IoU
/// (<see cref="SegmentationMetrics"/>) on held-out canvases. Sample-specific, so it lives here rather than in the runtime:
/// the general pieces (the canvases, the loss, the metrics) are the runtime's.
/// </summary>
public static class FcnTraining
{
    /// <summary>The model, seeded, with its transposed conv initialised bilinear (d2l's <c>bilinear_kernel</c>).</summary>
    public static FcnResNet18Digits CreateModel(Device device, int seed)
    {
        var model = new FcnResNet18Digits(device, seed);
        FcnInitialization.Bilinear(model.Head.Up);
        return model;
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs of <paramref name="canvasesPerEpoch"/> canvases each, drawn afresh
    /// every epoch from <paramref name="digits"/> (epoch e uses seed·1,000 + e, so the digits appear in ever new
    /// places and company), in batches of <paramref name="batchSize"/>; see the other overload.
    /// </summary>
    public static (List<float> StepLosses, List<FcnEpoch> Epochs) Train(
        FcnResNet18Digits model, Dataset digits, int canvasesPerEpoch, int epochs, int batchSize, float learningRate, int seed,
        TextWriter? output = null, SegmentationSet? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentOutOfRangeException.ThrowIfLessThan(canvasesPerEpoch, 1);
        return Train(
            model, epoch => DigitCanvases.Generate(digits, canvasesPerEpoch, unchecked((seed * 1000) + epoch)),
            Trainer.StepsPerEpoch(canvasesPerEpoch, batchSize), epochs, batchSize, learningRate, output, evaluation);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs over the canvases <paramref name="canvasesFor"/> gives for each epoch
    /// (1, 2, …; <paramref name="stepsPerEpoch"/> batches of <paramref name="batchSize"/> each, in order), with Adam at
    /// <paramref name="learningRate"/> decayed to zero along a cosine over all the steps. Writes a progress line about
    /// every tenth of an epoch and one line per epoch to <paramref name="output"/> (null: nothing), with the pixel
    /// accuracy and mean IoU on <paramref name="evaluation"/> when given; returns each step's loss and the epochs.
    /// </summary>
    public static (List<float> StepLosses, List<FcnEpoch> Epochs) Train(
        FcnResNet18Digits model, Func<int, SegmentationSet> canvasesFor, int stepsPerEpoch, int epochs, int batchSize, float learningRate,
        TextWriter? output = null, SegmentationSet? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(canvasesFor);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        IModel imodel = model;
        var optimizer = new Adam(imodel.Parameters, learningRate);
        var schedule = new CosineDecay(learningRate, Math.Max(1, epochs * stepsPerEpoch));
        var loss = new PixelCrossEntropy();
        var losses = new List<float>();
        var history = new List<FcnEpoch>();
        var step = 0;
        imodel.Train();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var canvases = canvasesFor(epoch);
            if (Trainer.StepsPerEpoch(canvases.Count, batchSize) != stepsPerEpoch)
            {
                throw new ArgumentException(
                    $"Epoch {epoch}'s {canvases.Count} canvases make {Trainer.StepsPerEpoch(canvases.Count, batchSize)} batches of {batchSize}, not {stepsPerEpoch}.",
                    nameof(canvasesFor));
            }

            var clock = Stopwatch.StartNew();
            var total = 0.0;
            var nextReport = 1;
            for (var start = 0; start < canvases.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, canvases.Count - start);
                var (input, gradient, labels) = Batch(imodel, canvases, start, count);
                using (input)
                using (gradient)
                {
                    var scores = imodel.Forward(input);
                    var value = loss.Compute(scores, labels, gradient);
                    imodel.Backward(gradient);
                    optimizer.LearningRate = schedule.LearningRateAt(step++);
                    optimizer.Step();
                    losses.Add(value);
                    total += (double)value * count;
                }

                var seen = start + count;
                if (output is not null && seen < canvases.Count && seen * 10 >= nextReport * canvases.Count)
                {
                    nextReport = (seen * 10 / canvases.Count) + 1;
                    output.WriteLine(Format(
                        $"  epoch {epoch}/{epochs}  {seen:N0}/{canvases.Count:N0} canvases  loss {total / seen:F4}  {seen / clock.Elapsed.TotalSeconds:F1} canvases/s"));
                }
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var evaluated = evaluation is null ? null : Evaluate(model, evaluation);
            var metrics = new FcnEpoch(
                epoch, (float)(total / canvases.Count), canvases.Count / seconds, seconds, evaluated?.PixelAccuracy, evaluated?.MeanIoU);
            history.Add(metrics);
            var evaluationText = evaluated is null ? "" : Format($"  eval pixel accuracy {100 * evaluated.PixelAccuracy:F2}%  mean IoU {evaluated.MeanIoU:F4}");
            output?.WriteLine(Format(
                $"epoch {epoch}/{epochs}  loss {metrics.Loss:F4}{evaluationText}  {metrics.CanvasesPerSecond:F1} canvases/s  {metrics.Seconds:F1} s"));
        }

        return (losses, history);
    }

    /// <summary>Per-pixel accuracy and mean IoU of the model's predictions on <paramref name="canvases"/>, in evaluation mode.</summary>
    public static SegmentationMetrics Evaluate(FcnResNet18Digits model, SegmentationSet canvases, int batchSize = 50)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(canvases);
        IModel imodel = model;
        var wasTraining = imodel.IsTraining;
        imodel.Eval();
        var metrics = new SegmentationMetrics(SegmentationSet.ClassCount);
        var loss = new PixelCrossEntropy();
        try
        {
            for (var start = 0; start < canvases.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, canvases.Count - start);
                var (input, gradient, labels) = Batch(imodel, canvases, start, count);
                using (input)
                using (gradient)
                {
                    var predicted = new int[labels.Length];
                    loss.Predict(imodel.Forward(input), predicted);
                    metrics.Add(predicted, labels);
                }
            }
        }
        finally
        {
            if (wasTraining)
            {
                imodel.Train();
            }
        }

        return metrics;
    }

    /// <summary>The canvases' mean IoU when every pixel is predicted background, the baseline to beat.</summary>
    public static double BackgroundEverywhereMeanIoU(SegmentationSet canvases)
    {
        ArgumentNullException.ThrowIfNull(canvases);
        var metrics = new SegmentationMetrics(SegmentationSet.ClassCount);
        var background = new int[canvases.PixelCount];
        Array.Fill(background, SegmentationSet.BackgroundClass);
        for (var i = 0; i < canvases.Count; i++)
        {
            metrics.Add(background, canvases.Label(i));
        }

        return metrics.MeanIoU;
    }

    private static (Tensor Input, Tensor Gradient, int[] Labels) Batch(IModel model, SegmentationSet canvases, int start, int count)
    {
        var pixels = canvases.PixelCount;
        var input = model.Device.FromArray(canvases.Images.Span.Slice(start * pixels, count * pixels), [count, .. model.InputShape]);
        var gradient = model.Device.Allocate([count, .. model.OutputShape]);
        return (input, gradient, canvases.Labels.Span.Slice(start * pixels, count * pixels).ToArray());
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
