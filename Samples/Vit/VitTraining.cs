using Spectre.Console;
using Strata.Data;
using Strata.Training;

namespace Strata.Samples;

/// <summary>How the ViT sample (and its learning test) trains: shifted copies, timm's small position init, AdamW with warm-up and cosine decay.</summary>
public static class VitTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> and returns its accuracy on <paramref name="evaluation"/>: AdamW (weight decay
    /// 0.05) with a cosine schedule warmed up over the first epoch's steps.
    /// </summary>
    public static float Train(IModel model, Dataset train, Dataset evaluation, int epochs, int batchSize, float learningRate, int seed, IAnsiConsole? output)
    {
        var steps = epochs * Trainer.StepsPerEpoch(train.Count, batchSize);
        var optimizer = new AdamW(model.Parameters, learningRate, weightDecay: 0.05f);
        using var trainer = new Trainer(model, optimizer)
        {
            Output = output,
            Schedule = new CosineDecay(learningRate, steps, warmupSteps: Math.Min(steps / 4, Trainer.StepsPerEpoch(train.Count, batchSize))),
        };
        trainer.Fit(train, epochs, batchSize, seed, output is null ? null : evaluation, showProgress: output is not null);
        return trainer.Evaluate(evaluation, batchSize: 500);
    }

    /// <summary>The positions and class token drawn from N(0, 0.02²), as timm initialises ViT's, rather than nn.Embedding's N(0, 1).</summary>
    public static void ScaleLikeTimm(VitTiny model)
    {
        var random = new Random(17);
        foreach (var parameter in new[] { model.Positions.Weight, model.Cls.Weight })
        {
            var values = parameter.Value.ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                // Box–Muller: N(0, 1), scaled to 0.02.
                var u = 1 - random.NextDouble();
                values[i] = (float)(0.02 * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            parameter.Value.CopyFrom(values);
        }
    }

    /// <summary>The images followed by <paramref name="copies"/> copies of each, every copy shifted by up to 2 pixels in each direction (zeros fill in).</summary>
    public static Dataset WithShiftedCopies(Dataset images, int copies, int seed)
    {
        var size = images.SampleSize;
        var (height, width) = (images.SampleShape[^2], images.SampleShape[^1]);
        var features = new float[images.Count * (copies + 1) * size];
        var labels = new int[images.Count * (copies + 1)];
        images.Features.CopyTo(features);
        images.Labels.CopyTo(labels);
        var random = new Random(seed);
        for (var copy = 1; copy <= copies; copy++)
        {
            for (var i = 0; i < images.Count; i++)
            {
                var (dy, dx) = (random.Next(-2, 3), random.Next(-2, 3));
                var source = images.Sample(i);
                var target = features.AsSpan((copy * images.Count + i) * size, size);
                for (var y = 0; y < height; y++)
                {
                    var sy = y - dy;
                    if (sy < 0 || sy >= height)
                    {
                        continue;
                    }

                    for (var x = 0; x < width; x++)
                    {
                        var sx = x - dx;
                        if (sx >= 0 && sx < width)
                        {
                            target[y * width + x] = source[sy * width + sx];
                        }
                    }
                }

                labels[copy * images.Count + i] = images.Label(i);
            }
        }

        return new Dataset(features, labels, images.SampleShape, images.ClassCount);
    }
}
