using Strata.Data;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// A <see cref="Dataset"/> of labelled samples (images or feature vectors) for a classifier whose output is [classes]
/// logits, trained with softmax cross-entropy (<see cref="SoftmaxCrossEntropy"/>). <see cref="Trainer"/>'s
/// <c>Fit(Dataset, …)</c> wraps its datasets in one.
/// </summary>
public sealed class ClassificationSet(Dataset data) : ITrainingSet
{
    /// <summary>The samples and labels.</summary>
    public Dataset Data { get; } = data ?? throw new ArgumentNullException(nameof(data));

    /// <inheritdoc />
    public int Count => Data.Count;

    /// <inheritdoc />
    /// <remarks>
    /// Throws when the model's input is not the samples' shape, its output is not [classes] with at least the dataset's
    /// class count, or it already ends in a softmax (the loss applies its own).
    /// </remarks>
    public IBatchRunner Open(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        TrainingChecks.ClassifierOutput(model, "[classes]");
        if (!Data.SampleShape.SequenceEqual(model.InputShape))
        {
            throw new ArgumentException(
                $"The model takes samples shaped [{string.Join(", ", model.InputShape)}], but the dataset's are " +
                $"[{string.Join(", ", Data.SampleShape)}].", nameof(model));
        }

        if (Data.ClassCount > model.OutputShape[0])
        {
            throw new ArgumentException(
                $"The dataset has {Data.ClassCount} classes, but the model outputs {model.OutputShape[0]} logits.", nameof(model));
        }

        return new Runner(model, Data);
    }

    private sealed class Runner(IModel model, Dataset data) : IBatchRunner
    {
        private readonly SoftmaxCrossEntropy _loss = new();
        private readonly Dictionary<int, BatchBuffers> _buffers = [];
        private readonly Dictionary<int, Tensor> _gradients = [];
        private PrefetchedInputs? _inputs;

        public bool MeasuresAccuracy => true;

        /// <summary>
        /// On a GPU: the batch from its double-buffered slot (prefetched by the previous call when it was told these
        /// samples), the forward launched, then the next batch gathered and its upload queued on the copy stream before
        /// the loss is read, so the copy overlaps this step's compute. On the CPU, the plain <see cref="Run(ReadOnlySpan{int}, bool)"/>.
        /// </summary>
        public BatchScore Run(ReadOnlySpan<int> samples, bool backward, ReadOnlySpan<int> next)
        {
            if (!model.Device.IsGpu)
            {
                return Run(samples, backward);
            }

            _inputs ??= new PrefetchedInputs(model.Device, _ => model.InputShape, (rows, features, labels) =>
            {
                for (var i = 0; i < rows.Length; i++)
                {
                    data.Sample(rows[i]).CopyTo(features.Slice(i * data.SampleSize, data.SampleSize));
                    labels[i] = data.Label(rows[i]);
                }
            });

            var (input, labels) = _inputs.Acquire(samples);
            var logits = model.Forward(input);
            _inputs.Prefetch(next);
            if (!_gradients.TryGetValue(samples.Length, out var gradient))
            {
                gradient = model.Device.Allocate([samples.Length, .. model.OutputShape]);
                _gradients.Add(samples.Length, gradient);
            }

            var score = _loss.Score(logits, labels.AsSpan(0, samples.Length), gradient);
            if (backward)
            {
                model.Backward(gradient);
            }

            _inputs.Release();
            return score;
        }

        public BatchScore Run(ReadOnlySpan<int> samples, bool backward)
        {
            var count = samples.Length;
            if (!_buffers.TryGetValue(count, out var buffers))
            {
                buffers = new BatchBuffers(model.Device, count, model.InputShape, model.OutputShape);
                _buffers.Add(count, buffers);
            }

            var input = buffers.HostInput;
            for (var i = 0; i < count; i++)
            {
                data.Sample(samples[i]).CopyTo(input.Slice(i * data.SampleSize, data.SampleSize));
                buffers.Labels[i] = data.Label(samples[i]);
            }

            buffers.Upload();
            var logits = model.Forward(buffers.Input);
            var score = _loss.Score(logits, buffers.Labels, buffers.Gradient);
            if (backward)
            {
                model.Backward(buffers.Gradient);
            }

            return score;
        }

        public void Dispose()
        {
            foreach (var buffers in _buffers.Values)
            {
                buffers.Dispose();
            }

            _inputs?.Dispose();
            foreach (var gradient in _gradients.Values)
            {
                gradient.Dispose();
            }

            _buffers.Clear();
            _gradients.Clear();
        }
    }
}
