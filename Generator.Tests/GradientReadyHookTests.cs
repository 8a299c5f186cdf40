using Strata.Generator.Tests.Blocks;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// The generated backward's gradient-ready hook (<see cref="IGradientReadyListener"/>), on compiled models of every shape:
/// chains, a graph whose branches share an input (and a branch nothing reads), residual blocks, BatchNorm, a conv-to-sequence
/// CRNN and stacked LSTMs. Every gradient starts as NaN; at each report the listener copies the reported gradients and notes
/// which gradients are still NaN. Then: every parameter is reported exactly once; the order is reverse topological (the
/// layer nearest the output first, a layer that feeds several others after all of them, as written out below by hand from
/// each declaration); what was reported was final (it equals the gradient after backward) and computed (no NaN left); and
/// every layer reported later had not been computed yet, so each report came as soon as the layer was done, not at the end.
/// </summary>
public sealed class GradientReadyHookTests
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Reflection.Assembly> Compiled = new();

    /// <summary>Stem feeds A and B; B also feeds Unused, which nothing reads; A and B are concatenated.</summary>
    private const string Branches = """
        using Strata;

        namespace Tests.Hook;

        /// <summary>Two branches from Stem, concatenated, and a dangling one.</summary>
        [Model, Input(2, 6, 6)]
        public partial class Branches
        {
            [Conv(4, 3, pad: 1), Relu]                  public partial Conv2d Stem { get; }
            [Conv(3, 1)]                                public partial Conv2d A { get; }
            [From(nameof(Stem)), Conv(2, 3, pad: 1)]    public partial Conv2d B { get; }
            [From(nameof(B)), Conv(2, 1)]               public partial Conv2d Unused { get; }
            [Concat(nameof(A), nameof(B))]              public partial Concat Cat { get; }
            [Flatten, Dense(3)]                         public partial Dense Head { get; }
        }
        """;

    public static TheoryData<string, string, string, int[]> Models => new()
    {
        // LeNet: C1 0-1, C3 2-3, F5 4-5, F6 6-7, Out 8-9.
        { "LeNet", TestSupport.Models.LeNet, "Samples.LeNet", [8, 6, 4, 2, 0] },

        // Stem 0-1, Conv1 2-3, Conv2 4-5 (Stem + Conv2 added), Head 6-7: Stem feeds Conv1 and the Add, so it comes last.
        { "Residual", TestSupport.Models.Residual, "Tests.Residual.ResidualNet", [6, 4, 2, 0] },

        // Stem 0-1, A 2-3, B 4-5, Unused 6-7, Head 8-9. Unused reads B, so it is done before B; Stem, read by A and B, last.
        { "Branches", Branches, "Tests.Hook.Branches", [8, 6, 4, 2, 0] },

        // Conv 0, Bn1 1-2, Hidden 3-4, Bn2 5-6, Head 7-8.
        { "BatchNorm", TestSupport.Models.BatchNorm, "Tests.Normalization.BatchNormNet", [7, 5, 3, 1, 0] },

        // Stem 0-1, StemBn 2-3; Stage.0: Conv1 4, Bn1 6, Conv2 8, Bn2 10; Stage.1: Conv1 12, Bn1 14, Conv2 16, Bn2 18,
        // Conv3 20 (the shortcut, beside Conv1..Bn2); Fc 22. Stage.0's output feeds Stage.1.Conv1 and Conv3: both before it.
        { "ResidualBlocks", BlockSources.Residual + BlockSources.SmallResNet, "Tests.SmallResNet", [22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0] },

        // Encoder (LSTM: 4 parameters) 0-3, Out 4-5.
        { "SmallLstm", SequenceModels.SmallLstm, "Samples.SmallLstm", [4, 0] },

        // Encoder (2 LSTM layers: 8 parameters) 0-7, Out 8-9.
        { "StackedLstmDropout", SequenceModels.StackedLstmDropout, "Samples.StackedLstmDropout", [8, 0] },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Backward_reports_every_parameter_once_in_reverse_topological_order_as_soon_as_its_gradients_are_final(
        string name, string source, string typeName, int[] expectedFirsts)
    {
        var model = CompiledModel.Create(Load(source), typeName, Device.Cpu(), seed: 1);
        var recorder = Run(model, frozen: null);

        Assert.Equal(expectedFirsts, recorder.Reports.Select(r => r.First));
        AssertEachParameterOnce(model, recorder, name);
        AssertFinalAndEarly(model, recorder, frozen: null);
    }

    [Fact]
    public void The_crnn_reports_its_convolutions_after_its_recurrent_layers_and_every_parameter_once()
    {
        var model = CompiledModel.Create(Load(TestSupport.Models.Crnn), "Tests.Crnn.Crnn", Device.Cpu(), seed: 1);
        var recorder = Run(model, frozen: null);

        AssertEachParameterOnce(model, recorder, "Crnn");
        AssertFinalAndEarly(model, recorder, frozen: null);

        // Declared conv layers first and recurrent ones after them: backward reports the other way round.
        Assert.Equal(recorder.Reports.Select(r => r.First).OrderDescending(), recorder.Reports.Select(r => r.First));
    }

    [Fact]
    public void A_frozen_layer_is_reported_too_and_its_gradient_is_left_alone()
    {
        var model = CompiledModel.Create(Load(TestSupport.Models.LeNet), "Samples.LeNet", Device.Cpu(), seed: 1);
        model.Freeze("C3");
        var recorder = Run(model, frozen: "C3.");

        Assert.Equal([8, 6, 4, 2, 0], recorder.Reports.Select(r => r.First));
        AssertEachParameterOnce(model, recorder, "LeNet");
        AssertFinalAndEarly(model, recorder, frozen: "C3.");
        Assert.All(model.Parameters.Where(p => p.IsFrozen), p => Assert.All(p.Grad.ToArray(), v => Assert.True(float.IsNaN(v))));
    }

    [Fact]
    public void Without_a_listener_backward_runs_as_before_and_a_listener_can_be_removed()
    {
        var model = CompiledModel.Create(Load(TestSupport.Models.LeNet), "Samples.LeNet", Device.Cpu(), seed: 1);
        Assert.Null(model.GradientReadyListener);
        var recorder = Run(model, frozen: null);
        Assert.Same(recorder, model.GradientReadyListener);

        model.GradientReadyListener = null;
        var x = Random(model.Device, [2, .. model.InputShape], 3);
        var y = model.Forward(x);
        model.Backward(Random(model.Device, y.Shape, 4));
        Assert.Equal(5, recorder.Reports.Count);
    }

    [Fact]
    public void The_gpu_path_reports_the_same_layers_in_the_same_order()
    {
        using var device = Device.IlgpuCpu();
        var model = CompiledModel.Create(Load(TestSupport.Models.Residual), "Tests.Residual.ResidualNet", device, seed: 1);
        var recorder = new Recorder(model);
        model.GradientReadyListener = recorder;
        var y = model.Forward(Random(device, [2, .. model.InputShape], 1));
        model.Backward(Random(device, y.Shape, 2));

        Assert.Equal([6, 4, 2, 0], recorder.Reports.Select(r => r.First));
        AssertEachParameterOnce(model, recorder, "Residual on the GPU path");
    }

    /// <summary>Each declaration compiled once for all the tests here.</summary>
    private static System.Reflection.Assembly Load(string source) => Compiled.GetOrAdd(source, CompiledModel.Load);

    private static Recorder Run(IModel model, string? frozen)
    {
        var shape = model.InputShape.Select(d => d < 0 ? 5 : d).ToArray();
        var x = Random(model.Device, [2, .. shape], 1);
        var y = model.Forward(x);
        foreach (var parameter in model.Parameters)
        {
            parameter.Grad.CopyFrom(Enumerable.Repeat(float.NaN, parameter.Grad.Length).ToArray());
        }

        var recorder = new Recorder(model);
        model.GradientReadyListener = recorder;
        model.Backward(Random(model.Device, y.Shape, 2));
        return recorder;
    }

    private static void AssertEachParameterOnce(IModel model, Recorder recorder, string name)
    {
        var counts = new int[model.Parameters.Count];
        foreach (var (first, count, _, _) in recorder.Reports)
        {
            Assert.True(count > 0, $"{name}: an empty report.");
            for (var i = first; i < first + count; i++)
            {
                counts[i]++;
            }
        }

        for (var i = 0; i < counts.Length; i++)
        {
            Assert.True(counts[i] == 1, $"{name}: {model.Parameters[i].Name} was reported {counts[i]} times.");
        }

        // One report per layer: the parameters of one report share their layer's name.
        foreach (var (first, count, _, _) in recorder.Reports)
        {
            Assert.Single(Enumerable.Range(first, count).Select(i => Layer(model.Parameters[i].Name)).Distinct());
        }
    }

    private static void AssertFinalAndEarly(IModel model, Recorder recorder, string? frozen)
    {
        for (var r = 0; r < recorder.Reports.Count; r++)
        {
            var (first, count, snapshots, stillNaN) = recorder.Reports[r];
            for (var i = first; i < first + count; i++)
            {
                var parameter = model.Parameters[i];
                Assert.Equal(parameter.Grad.ToArray(), snapshots[i - first]);
                if (frozen is null || !parameter.Name.StartsWith(frozen, StringComparison.Ordinal))
                {
                    Assert.DoesNotContain(snapshots[i - first], float.IsNaN);
                }
            }

            // Every trainable parameter reported later was not computed yet at this report.
            foreach (var (laterFirst, laterCount, _, _) in recorder.Reports.Skip(r + 1))
            {
                for (var i = laterFirst; i < laterFirst + laterCount; i++)
                {
                    Assert.True(stillNaN[i], $"{model.Parameters[i].Name} was computed before {model.Parameters[first].Name} was reported, yet reported after it.");
                }
            }
        }
    }

    private static string Layer(string parameter) => parameter[..parameter.LastIndexOf('.')];

    private static Tensor Random(Device device, int[] shape, int seed)
    {
        var random = new Random(seed);
        var tensor = device.Allocate(shape);
        tensor.CopyFrom(Enumerable.Range(0, tensor.Length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray());
        return tensor;
    }

    private sealed class Recorder(IModel model) : IGradientReadyListener
    {
        public List<(int First, int Count, float[][] Snapshots, bool[] StillNaN)> Reports { get; } = [];

        public void GradientsReady(int first, int count) =>
            Reports.Add((
                first,
                count,
                [.. Enumerable.Range(first, count).Select(i => model.Parameters[i].Grad.ToArray())],
                [.. model.Parameters.Select(p => p.Grad.ToArray().All(float.IsNaN))]));
    }
}
