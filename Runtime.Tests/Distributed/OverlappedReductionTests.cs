using Strata.Distributed;
using Strata.Runtime.Tests.Training;
using Strata.Runtime.Tests.Worker;

namespace Strata.Runtime.Tests.Distributed;

/// <summary>
/// The bucket readiness logic of the overlapped gradient reduction, without MPI: a fake two-rank communicator whose
/// other rank holds the same gradients (so the sum is 2 · weight · g) and which records, on its own thread, which bucket
/// each call reduces. Buckets are handed over as soon as their parameters are reported, strictly in order; Finish hands
/// over the rest; an allreduce's error comes back from Finish.
/// </summary>
public sealed class OverlappedReductionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    // a 60, b 50 (frozen), c 30, d 400, e 20 floats; a cap of 100 floats: buckets [e], [d], [c, a].
    private static (Parameter[] Parameters, GradientBuckets Buckets) Plan()
    {
        var device = Device.Cpu();
        Parameter[] parameters =
        [
            new(device, "a", 60), new(device, "b", 50), new(device, "c", 30), new(device, "d", 400), new(device, "e", 20),
        ];
        parameters[1].IsFrozen = true;
        for (var p = 0; p < parameters.Length; p++)
        {
            parameters[p].Grad.CopyFrom(Enumerable.Range(0, parameters[p].Grad.Length).Select(i => (float)(p + 1 + i)).ToArray());
        }

        var buckets = new GradientBuckets(parameters, bucketBytes: 100 * sizeof(float));
        Assert.Equal([[4], [3], [2, 0]], buckets.Members.Select(m => m.ToArray()));
        return (parameters, buckets);
    }

    [Fact]
    public void A_bucket_s_allreduce_starts_on_the_communication_thread_while_backward_has_layers_left_to_report()
    {
        var (parameters, buckets) = Plan();
        using var communicator = new RecordingEcho(parameters);
        using var reduction = new OverlappedReduction(buckets, communicator);
        var before = parameters.Select(p => p.Grad.ToArray()).ToArray();
        reduction.Begin(weight: 0.25f);

        reduction.GradientsReady(4, 1);

        // Backward has not reported d, c, b or a yet, and bucket 0's allreduce is already running, on another thread.
        Assert.True(communicator.Started[0].Wait(Wait), "Bucket 0 was not handed over when its one parameter was reported.");
        Assert.NotEqual(Environment.CurrentManagedThreadId, communicator.ThreadId);
        Assert.Equal(1, reduction.HandedOverEarly);

        reduction.GradientsReady(3, 1);
        Assert.True(communicator.Started[1].Wait(Wait));
        reduction.GradientsReady(2, 1);
        reduction.GradientsReady(1, 1);
        Assert.Equal(2, reduction.HandedOverEarly); // c alone does not complete [c, a], and the frozen b belongs to no bucket.
        reduction.GradientsReady(0, 1);
        Assert.Equal(3, reduction.HandedOverEarly);
        reduction.Finish();

        Assert.Equal([0, 1, 2], communicator.Calls);
        Assert.Equal(before[1], parameters[1].Grad.ToArray()); // frozen: untouched
        foreach (var p in new[] { 0, 2, 3, 4 })
        {
            Assert.Equal(before[p].Select(v => 2 * 0.25f * v), parameters[p].Grad.ToArray());
        }
    }

    [Fact]
    public void Buckets_are_handed_over_in_order_even_when_a_later_one_is_ready_first()
    {
        var (parameters, buckets) = Plan();
        using var communicator = new RecordingEcho(parameters);
        using var reduction = new OverlappedReduction(buckets, communicator);
        reduction.Begin(weight: 0.5f);

        // A graph whose layers finish in another order than the reverse declaration: bucket 2 ([c, a]) is complete first.
        reduction.GradientsReady(0, 1);
        reduction.GradientsReady(2, 1);
        Assert.Equal(0, reduction.HandedOverEarly);
        reduction.GradientsReady(4, 1);
        Assert.Equal(1, reduction.HandedOverEarly);
        reduction.GradientsReady(3, 1);
        Assert.Equal(3, reduction.HandedOverEarly);

        // A second report of a parameter counts nothing.
        reduction.GradientsReady(3, 1);
        reduction.Finish();
        Assert.Equal([0, 1, 2], communicator.Calls);
    }

    [Fact]
    public void Finish_hands_over_what_backward_never_reported_and_a_new_pass_starts_afresh()
    {
        var (parameters, buckets) = Plan();
        using var communicator = new RecordingEcho(parameters);
        using var reduction = new OverlappedReduction(buckets, communicator);
        var before = parameters[3].Grad.ToArray();

        // A model that does not report (or a rank whose shard was empty): everything after backward, in order.
        reduction.Begin(weight: 1);
        reduction.Finish();
        Assert.Equal([0, 1, 2], communicator.Calls);
        Assert.Equal(0, reduction.HandedOverEarly);
        Assert.Equal(before.Select(v => 2 * v), parameters[3].Grad.ToArray());

        reduction.Begin(weight: 0.5f);
        reduction.GradientsReady(4, 1);
        reduction.GradientsReady(3, 1);
        reduction.Finish();
        Assert.Equal([0, 1, 2, 0, 1, 2], communicator.Calls);
        Assert.Equal(before.Select(v => 2 * v), parameters[3].Grad.ToArray()); // 2 · 0.5 · (2 · before)
        Assert.Throws<InvalidOperationException>(reduction.Finish);
    }

    [Fact]
    public void An_allreduce_that_fails_is_rethrown_by_Finish_and_the_buckets_after_it_are_not_reduced()
    {
        var (parameters, buckets) = Plan();
        using var communicator = new RecordingEcho(parameters) { FailAt = 1 };
        using var reduction = new OverlappedReduction(buckets, communicator);
        reduction.Begin(weight: 1);
        reduction.GradientsReady(4, 1);
        reduction.GradientsReady(3, 1);
        var error = Assert.Throws<IOException>(reduction.Finish);
        Assert.Contains("bucket 1", error.Message);
        Assert.Equal([0, 1], communicator.Calls);

        communicator.FailAt = -1;
        reduction.Begin(weight: 1);
        reduction.Finish();
        Assert.Equal([0, 1, 0, 1, 2], communicator.Calls);
    }

    [Fact]
    public void DataParallel_overlaps_a_generated_model_s_backward_and_gets_the_same_bits_as_after_backward()
    {
        var overlapped = Step(overlap: true, out var handedEarly, out var buckets);
        var after = Step(overlap: false, out var none, out _);

        // LeNet in 16 KiB buckets: backward's reports hand every bucket over (the last, C1's, as backward ends).
        Assert.True(buckets >= 3, $"{buckets} bucket(s)");
        Assert.Equal(buckets, handedEarly);
        Assert.Equal(0, none);
        for (var p = 0; p < overlapped.Length; p++)
        {
            Assert.Equal(after[p], overlapped[p]);
        }
    }

    [Fact]
    public void Freezing_a_layer_between_steps_plans_the_buckets_again_and_leaves_its_gradient_alone()
    {
        var model = new LeNet(Device.Cpu(), seed: 7);
        using var parallel = new DataParallel(new RecordingEcho(model.Parameters, 16 << 10), bucketBytes: 16 << 10);
        var random = new Random(5);
        using var input = Device.Cpu().Allocate(2, 1, 28, 28);
        input.CopyFrom(Enumerable.Range(0, input.Length).Select(_ => (float)random.NextDouble()).ToArray());
        using var gradient = Device.Cpu().Allocate(2, 10);
        gradient.CopyFrom(Enumerable.Range(0, gradient.Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());

        parallel.BeginBackward(model, localCount: 2, globalCount: 4);
        model.Forward(input);
        model.Backward(gradient);
        parallel.AverageGradients(model, localCount: 2, globalCount: 4);

        model.Freeze(nameof(LeNet.F5));
        var frozen = model.Parameters.Where(p => p.IsFrozen).ToArray();
        Assert.Equal(2, frozen.Length);
        foreach (var parameter in frozen)
        {
            parameter.Grad.CopyFrom(Enumerable.Repeat(42f, parameter.Grad.Length).ToArray());
        }

        // This rank's gradients, from a backward outside a step (the listener ignores it): they cannot be read after the
        // step's backward, whose buckets may already be reduced by the time it returns.
        model.Forward(input);
        model.Backward(gradient);
        var local = model.Parameters.Select(p => p.Grad.ToArray()).ToArray();

        // A rank's share of 1 in 4 (the counts only set the weight here): 2 · 0.25 · g = g / 2 for the trainable parameters.
        parallel.BeginBackward(model, localCount: 1, globalCount: 4);
        model.Forward(input);
        model.Backward(gradient);
        parallel.AverageGradients(model, localCount: 1, globalCount: 4);

        // F5 (192 KB, a bucket of its own before) is out of the plan: halved for the others, F5's 42s untouched.
        Assert.Equal(new GradientBuckets(model.Parameters, 16 << 10).Buckets.Count, parallel.OverlappedBuckets);
        for (var p = 0; p < model.Parameters.Count; p++)
        {
            Assert.Equal(model.Parameters[p].IsFrozen ? local[p] : local[p].Select(v => 2 * 0.25f * v), model.Parameters[p].Grad.ToArray());
        }

        Assert.All(frozen, p => Assert.All(p.Grad.ToArray(), v => Assert.Equal(42f, v)));
    }

    [Fact]
    public void DataParallel_reduces_a_hand_written_model_that_does_not_report_after_its_backward()
    {
        var model = new SoftmaxRegression(Device.Cpu(), features: 3, classes: 2, seed: 1);
        model.Weight.Grad.CopyFrom([1, 2, 3, 4, 5, 6]);
        model.Bias.Grad.CopyFrom([7, 8]);
        using var parallel = new DataParallel(new RecordingEcho(model.Parameters, GradientBuckets.DefaultBucketBytes));
        parallel.BeginBackward(model, localCount: 1, globalCount: 4);
        Assert.Throws<InvalidOperationException>(() => parallel.Sum(new double[1]));
        parallel.AverageGradients(model, localCount: 1, globalCount: 4);

        Assert.Equal(0, parallel.OverlappedBuckets);
        Assert.Equal([0.5f, 1, 1.5f, 2, 2.5f, 3], model.Weight.Grad.ToArray());
        Assert.Equal([3.5f, 4], model.Bias.Grad.ToArray());

        // AverageGradients with other counts than BeginBackward's is a mistake.
        parallel.BeginBackward(model, localCount: 1, globalCount: 4);
        Assert.Throws<InvalidOperationException>(() => parallel.AverageGradients(model, localCount: 2, globalCount: 4));
    }

    /// <summary>One LeNet step of 4 samples on the fake two ranks; returns the averaged gradients.</summary>
    private static float[][] Step(bool overlap, out int handedEarly, out int bucketCount)
    {
        var model = new LeNet(Device.Cpu(), seed: 7);
        using var parallel = new DataParallel(new RecordingEcho(model.Parameters, 16 << 10), bucketBytes: 16 << 10) { Overlap = overlap };
        var random = new Random(3);
        using var input = Device.Cpu().Allocate(4, 1, 28, 28);
        input.CopyFrom(Enumerable.Range(0, input.Length).Select(_ => (float)random.NextDouble()).ToArray());
        using var gradient = Device.Cpu().Allocate(4, 10);
        gradient.CopyFrom(Enumerable.Range(0, gradient.Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());

        // A share of 1 in 8 (the counts only set the weight here), so the reduced gradients are a quarter of this rank's.
        parallel.BeginBackward(model, localCount: 1, globalCount: 8);
        model.Forward(input);
        model.Backward(gradient);
        parallel.AverageGradients(model, localCount: 1, globalCount: 8);
        handedEarly = parallel.OverlappedBuckets;
        bucketCount = new GradientBuckets(model.Parameters, 16 << 10).Buckets.Count;
        return [.. model.Parameters.Select(p => p.Grad.ToArray())];
    }

    /// <summary>
    /// Two ranks whose other one holds the same gradients; records which bucket of its own plan of
    /// <paramref name="parameters"/> each allreduce reduces and on which thread, signals each bucket's start, and can
    /// fail at one bucket.
    /// </summary>
    private sealed class RecordingEcho(IReadOnlyList<Parameter> parameters, long bucketBytes = 100 * sizeof(float)) : ICommunicator
    {
        private readonly GradientBuckets _plan = new(parameters, bucketBytes);
        private readonly List<int> _calls = [];

        public ManualResetEventSlim[] Started { get; } = [new(), new(), new(), new()];

        public int[] Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public int FailAt { get; set; } = -1;

        public int ThreadId { get; private set; }

        public int Rank => 0;

        public int Size => 2;

        public bool SupportsCommunicationThread => true;

        public void AllreduceSum(IReadOnlyList<Tensor> bucket, float scale)
        {
            ThreadId = Environment.CurrentManagedThreadId;
            var index = Enumerable.Range(0, _plan.Buckets.Count).Single(b => ReferenceEquals(_plan.Buckets[b][0], bucket[0]));
            lock (_calls)
            {
                _calls.Add(index);
            }

            Started[Math.Min(index, Started.Length - 1)].Set();
            if (index == FailAt)
            {
                throw new IOException($"MPI_Allreduce failed on bucket {index}");
            }

            foreach (var tensor in bucket)
            {
                tensor.CopyFrom(tensor.ToArray().Select(v => 2 * scale * v).ToArray());
            }
        }

        public void AllreduceSum(Span<double> values)
        {
        }

        public void Broadcast(Tensor tensor, int root)
        {
        }

        public void Broadcast(Span<double> values, int root)
        {
        }

        public void Abort(string message) => throw new InvalidOperationException(message);

        public void Dispose()
        {
        }
    }
}
