using Strata.IO;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;
using Strata.Training;

namespace Strata.Runtime.Tests.Concurrency;

/// <summary>
/// Using one model's own buffers or weights from two threads at once fails loudly: while one thread is inside
/// Forward, a second thread's Forward, Backward, Train/Eval, CarryState, ResetState, load or optimiser step throws
/// <see cref="InvalidOperationException"/> naming Predict, and the first call still gets its right answer. The overlap
/// is made certain: the first thread is held inside Forward (through the guard's test hook) until the second has run.
/// </summary>
public class ConcurrentMisuseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_second_thread_calling_forward_while_one_is_inside_it_gets_an_invalid_operation_exception()
    {
        var device = Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        using var first = device.FromArray(RandomData.Uniform(new Random(1), 2 * 9 * 8), 1, 2, 9, 8);
        using var second = device.FromArray(RandomData.Uniform(new Random(2), 2 * 9 * 8), 1, 2, 9, 8);
        var expected = model.Forward(first).ToArray();

        var (failure, firstResult) = WhileAnotherThreadIsInForward(model, () => model.Forward(first).ToArray(), () => model.Forward(second));

        var exception = Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains("TinyNet.Forward was called while another thread is in TinyNet.Forward", exception.Message);
        Assert.Contains("TinyNet.Predict, which is thread-safe", exception.Message);
        Assert.Equal(expected, firstResult);
    }

    public static TheoryData<string> Operations => new()
    {
        "Forward", "Backward", "Train", "Eval", "CarryState", "ResetState", "ModelState.Load", "Sgd.Step", "Adam.Step",
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Any_call_on_the_models_state_while_another_thread_is_in_forward_throws_and_changes_nothing(string operation)
    {
        var device = Device.Cpu();
        var model = new LstmNet(device, seed: 1);
        using var x = device.FromArray(RandomData.Uniform(new Random(1), 2 * 4 * 3), 2, 4, 3);
        using var gradOutput = device.FromArray(RandomData.Uniform(new Random(2), 2 * 4 * 2), 2, 4, 2);
        var expected = model.Forward(x).ToArray();
        model.Backward(gradOutput);
        var other = new LstmNet(device, seed: 2);
        var otherWeights = ModelState.ToSafeTensors(other);
        var sgd = new Sgd(model.Parameters, learningRate: 0.1f);
        var adam = new Adam(model.Parameters);
        var weights = model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        Action call = operation switch
        {
            "Forward" => () => model.Forward(x),
            "Backward" => () => model.Backward(gradOutput),
            "Train" => model.Train,
            "Eval" => model.Eval,
            "CarryState" => () => model.CarryState = true,
            "ResetState" => model.ResetState,
            "ModelState.Load" => () => ModelState.Load(model, otherWeights),
            "Sgd.Step" => sgd.Step,
            "Adam.Step" => adam.Step,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var (failure, firstResult) = WhileAnotherThreadIsInForward(model, () => model.Forward(x).ToArray(), call);

        var exception = Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains("while another thread is in LstmNet.Forward", exception.Message);
        Assert.Contains("LstmNet.Predict", exception.Message);
        Assert.Equal(expected, firstResult);
        Assert.True(model.IsTraining);
        Assert.False(model.CarryState);
        Assert.Equal(weights, model.Parameters.Select(p => p.Value.ToArray()).ToArray());

        // The model is free again: the refused call now runs.
        call();
    }

    [Fact]
    public void Calls_one_after_another_on_different_threads_are_fine()
    {
        var device = Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        using var x = device.FromArray(RandomData.Uniform(new Random(1), 2 * 9 * 8), 1, 2, 9, 8);
        var expected = model.Forward(x).ToArray();
        float[]? actual = null;
        var thread = new Thread(() => actual = model.Forward(x).ToArray());
        thread.Start();
        thread.Join();
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// Runs <paramref name="first"/> (which calls Forward) on a thread and holds that thread inside Forward, right after
    /// the model marks itself busy, while <paramref name="second"/> runs on another thread; then lets the first finish.
    /// Returns what the second threw and what the first returned.
    /// </summary>
    private static (Exception? Failure, float[] FirstResult) WhileAnotherThreadIsInForward(IModel model, Func<float[]> first, Action second)
    {
        var guard = model.Parameters[0].Guard!;
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        guard.Entered = operation =>
        {
            if (operation == "Forward")
            {
                guard.Entered = null;
                inside.Set();
                if (!release.Wait(Patience))
                {
                    throw new TimeoutException("The test never released the first Forward.");
                }
            }
        };

        float[] firstResult = [];
        Exception? firstFailure = null;
        var firstThread = new Thread(() =>
        {
            try
            {
                firstResult = first();
            }
            catch (Exception e)
            {
                firstFailure = e;
            }
        });
        firstThread.Start();
        try
        {
            Assert.True(inside.Wait(Patience), "The first thread never entered Forward.");
            Exception? failure = null;
            var secondThread = new Thread(() =>
            {
                try
                {
                    second();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            });
            secondThread.Start();
            secondThread.Join();
            release.Set();
            firstThread.Join();
            Assert.Null(firstFailure);
            return (failure, firstResult);
        }
        finally
        {
            guard.Entered = null;
            release.Set();
            firstThread.Join();
        }
    }
}
