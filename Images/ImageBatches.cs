using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Strata.Data;

/// <summary>
/// Streams mini-batches from an <see cref="ImageFolder"/>: each epoch visits every image once, in an order shuffled by
/// a <see cref="Philox"/> generator (seeded by the seed and the epoch, so epoch e is the same whatever came before
/// and a resumed run draws the same batches), decodes and transforms the images of the next batches on background
/// threads while the caller trains on the current one, and holds only those batches in memory.
/// </summary>
public sealed class ImageBatches
{
    private const uint AugmentationStream = 0x41554721; // "AUG!": the augmentation draws' counter word, apart from shuffling's.

    private int _decoded;

    /// <summary>
    /// Batches of <paramref name="batchSize"/> images of <paramref name="folder"/> transformed by
    /// <paramref name="transform"/>; <paramref name="shuffle"/> shuffles each epoch, <paramref name="augment"/> applies
    /// the transform's augmentation (training sets: true; evaluation sets: false). <paramref name="prefetch"/> batches
    /// are decoded ahead, each by up to <paramref name="decodeThreads"/> threads (the processor count when 0).
    /// Throws <see cref="ArgumentException"/> for a bad transform or sizes.
    /// </summary>
    public ImageBatches(
        ImageFolder folder, ImageTransform transform, int batchSize, bool shuffle = true, bool augment = true, int seed = 0,
        int prefetch = 2, int decodeThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(transform);
        transform.Check();
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(decodeThreads);
        (Folder, Transform, BatchSize, Shuffle, Augment, Seed, Prefetch) = (folder, transform, batchSize, shuffle, augment, seed, prefetch);
        DecodeThreads = decodeThreads == 0 ? Environment.ProcessorCount : decodeThreads;
    }

    /// <summary>The images.</summary>
    public ImageFolder Folder { get; }

    /// <summary>The transform applied to each image.</summary>
    public ImageTransform Transform { get; }

    /// <summary>Images per batch (the last of an epoch may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch is shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether the transform's augmentation is applied.</summary>
    public bool Augment { get; }

    /// <summary>The seed of the shuffling and augmentation draws.</summary>
    public int Seed { get; }

    /// <summary>How many batches are decoded ahead of the one being used.</summary>
    public int Prefetch { get; }

    /// <summary>Threads decoding one batch.</summary>
    public int DecodeThreads { get; }

    /// <summary>The shape of one sample: [channels, height, width].</summary>
    public IReadOnlyList<int> SampleShape => [Transform.Channels, Transform.Height, Transform.Width];

    /// <summary>Batches per epoch: ⌈images / batch⌉.</summary>
    public int Count => (Folder.Count + BatchSize - 1) / BatchSize;

    /// <summary>Images decoded so far by this object (every epoch counts again).</summary>
    public int DecodedImages => Volatile.Read(ref _decoded);

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/> (from 0), decoded in the background <see cref="Prefetch"/> ahead.
    /// A file that cannot be decoded surfaces as an <see cref="InvalidDataException"/> from the enumeration. Stopping
    /// the enumeration early stops the background work.
    /// </summary>
    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Stream(Order(epoch), epoch);
    }

    /// <summary>
    /// Every image decoded once, in folder order and without augmentation, into one in-memory <see cref="Dataset"/>
    /// (for sets that fit in memory, such as an evaluation set, and for <see cref="Strata.Training.Trainer"/>).
    /// </summary>
    public Dataset ToDataset()
    {
        var features = new float[(long)Folder.Count * Transform.SampleSize];
        var labels = new int[Folder.Count];
        try
        {
            Parallel.For(0, Folder.Count, new ParallelOptions { MaxDegreeOfParallelism = DecodeThreads }, i =>
            {
                Load(i, epoch: 0, augment: false, features.AsSpan(i * Transform.SampleSize, Transform.SampleSize));
                labels[i] = Folder.Files[i].Label;
            });
        }
        catch (AggregateException exception) when (exception.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(exception.InnerExceptions[0]);
        }

        return new Dataset(features, labels, SampleShape, Folder.Classes.Count);
    }

    private int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Folder.Count).ToArray();
        if (Shuffle)
        {
            new Philox(unchecked((ulong)Seed), subsequence: (ulong)epoch).Shuffle(order.AsSpan());
        }

        return order;
    }

    private IEnumerable<ImageBatch> Stream(int[] order, int epoch)
    {
        using var queue = new BlockingCollection<ImageBatch>(Prefetch);
        using var cancel = new CancellationTokenSource();
        Exception? failure = null;
        var producer = Task.Run(() =>
        {
            try
            {
                for (var start = 0; start < order.Length; start += BatchSize)
                {
                    queue.Add(MakeBatch(order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray(), epoch, cancel.Token), cancel.Token);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
            }
            catch (AggregateException exception) when (exception.InnerExceptions.Count > 0)
            {
                failure = exception.InnerExceptions[0];
            }
            catch (Exception exception)
            {
                failure = exception;
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                yield return batch;
            }

            if (Volatile.Read(ref failure) is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            cancel.Cancel();
            producer.Wait();
        }
    }

    private ImageBatch MakeBatch(int[] indices, int epoch, CancellationToken cancel)
    {
        var size = Transform.SampleSize;
        var features = new float[indices.Length * size];
        var labels = new int[indices.Length];
        Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = DecodeThreads, CancellationToken = cancel }, i =>
        {
            Load(indices[i], epoch, Augment, features.AsSpan(i * size, size));
            labels[i] = Folder.Files[indices[i]].Label;
        });
        return new ImageBatch(features, labels, indices);
    }

    /// <summary>Decodes image <paramref name="index"/>, augments it (draws keyed by seed, epoch and index), normalises it.</summary>
    private void Load(int index, int epoch, bool augment, Span<float> sample)
    {
        var t = Transform;
        ImageDecoder.Decode(Folder.Files[index].Path, t.Width, t.Height, t.Channels, sample);
        Interlocked.Increment(ref _decoded);
        if (augment && (t.CropPadding > 0 || t.HorizontalFlip))
        {
            var seed = unchecked((ulong)Seed);
            var draws = Philox.Compute(new PhiloxBlock((uint)index, (uint)epoch, AugmentationStream, 0), (uint)seed, (uint)(seed >> 32));
            var range = (ulong)(2 * t.CropPadding + 1);
            var dx = (int)((draws.X0 * range) >> 32) - t.CropPadding;
            var dy = (int)((draws.X1 * range) >> 32) - t.CropPadding;
            var flip = t.HorizontalFlip && (draws.X2 & 1) == 1;
            Shift(sample, t.Channels, t.Height, t.Width, dx, dy, flip);
        }

        var plane = t.Width * t.Height;
        for (var c = 0; c < t.Channels; c++)
        {
            var (mean, deviation) = (t.Mean[c], t.StandardDeviation[c]);
            foreach (ref var value in sample.Slice(c * plane, plane))
            {
                value = (value - mean) / deviation;
            }
        }
    }

    /// <summary>
    /// out[c, y, x] = in[c, y + dy, x' + dx] with x' = x (or width − 1 − x when flipped), 0 outside the image: the
    /// window of a zero-padded image at offset (padding + dx, padding + dy), then mirrored.
    /// </summary>
    private static void Shift(Span<float> sample, int channels, int height, int width, int dx, int dy, bool flip)
    {
        var source = sample.ToArray();
        var plane = width * height;
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var (sy, sx) = (y + dy, x + dx);
                    var value = sy >= 0 && sy < height && sx >= 0 && sx < width ? source[c * plane + sy * width + sx] : 0f;
                    sample[c * plane + y * width + (flip ? width - 1 - x : x)] = value;
                }
            }
        }
    }
}
