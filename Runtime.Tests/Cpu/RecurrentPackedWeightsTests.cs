using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// The recurrent layers pack W_ih and W_hh once per weight version, in the workspace's cache: calls with unchanged
/// weights repack nothing, and changed weights (one workspace, the same tensors) are the ones the next call uses,
/// against the float64 reference; also at sizes where the packing and the copy to y run on all cores.
/// </summary>
public class RecurrentPackedWeightsTests
{
    public static TheoryData<RecurrentKind> Kinds => new(Enum.GetValues<RecurrentKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Weights_are_packed_once_and_again_after_they_change(RecurrentKind kind)
    {
        // W_ih through CopyFrom, W_hh written through Span and marked changed. 40 hidden units: a full 32-unit block and a ragged one.
        var first = RecurrentProblem.Create(kind, 61, 3, 4, 5, 40, initialState: true);
        var other = RecurrentProblem.Create(kind, 62, 3, 4, 5, 40);
        var second = first with { Wih = other.Wih, Whh = other.Whh, Bih = other.Bih, Bhh = other.Bhh };
        var device = Device.Cpu();
        var g = first.Geometry;
        var x = device.FromArray(first.X, g.Batch, g.Steps, g.InputSize);
        var weights = first.Weights(device);
        var y = device.Allocate(g.Batch, g.Steps, g.Hidden);
        var workspace = new CpuWorkspace();

        Run();
        var packs = workspace.PackedWeights.Packs;
        Run();
        Assert.Equal(packs, workspace.PackedWeights.Packs);
        Closeness.AssertClose(first.Reference().Y, y.ToArray(), Closeness.ForwardTolerance, what: $"{first}: y");

        weights.WeightIh.CopyFrom(second.Wih);
        second.Whh.CopyTo(weights.WeightHh.Span);
        weights.WeightHh.MarkChanged();
        weights.BiasIh.CopyFrom(second.Bih);
        weights.BiasHh.CopyFrom(second.Bhh);
        Run();
        Closeness.AssertClose(second.Reference().Y, y.ToArray(), Closeness.ForwardTolerance, what: $"{second}: y");

        void Run() => RecurrentCpuDispatch.Forward(
            kind, g, x, weights, y, null, workspace, first.Options(), RecurrentCpuChecks.State(device, first.H0, g),
            RecurrentCpuChecks.State(device, first.C0, g), null, null);
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void Weights_and_outputs_large_enough_for_all_cores_match_the_reference(RecurrentKind kind)
    {
        // W_ih (G·160 × 144) and W_hh (G·160 × 160) reach the 32K floats from which they are packed on all cores, y
        // (16 × 32 × 160) the 64K from which it is copied; reversed, with lengths, so the copy also writes the zeros past
        // each length.
        var lengths = Enumerable.Range(0, 16).Select(i => 32 - i * 5 % 29).ToArray();
        RecurrentCpuChecks.Forward(RecurrentProblem.Create(kind, 63, 16, 32, 144, 160, initialState: true, lengths: lengths, reverse: true));
    }
}
