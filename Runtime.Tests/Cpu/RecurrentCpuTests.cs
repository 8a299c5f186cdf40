using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// LstmCpu, GruCpu and RnnCpu (tanh and relu) against a float64 reference, finite differences on it, and ONNX Runtime:
/// the same checks for every cell, one theory case per kind.
/// </summary>
public class RecurrentCpuTests
{
    private static readonly RecurrentKind[] AllKinds = Enum.GetValues<RecurrentKind>();

    public static TheoryData<RecurrentKind> Kinds => new(AllKinds);

    public static TheoryData<RecurrentKind, int, bool, bool> Layers => RecurrentCases.Onnx(AllKinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Forward_matches_the_float64_reference(RecurrentKind kind)
    {
        foreach (var problem in RecurrentCases.Problems(kind))
        {
            RecurrentCpuChecks.Forward(problem);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Backward_matches_finite_differences(RecurrentKind kind)
    {
        foreach (var problem in RecurrentCases.Problems(kind))
        {
            RecurrentCpuChecks.Gradients(problem);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Layers_wider_than_one_kernel_tile_match_the_reference_and_finite_differences(RecurrentKind kind)
    {
        foreach (var problem in RecurrentCases.Wide(kind))
        {
            RecurrentCpuChecks.Forward(problem);
            RecurrentCpuChecks.Gradients(problem, sampledEntries: 12);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Bidirectional_directions_add_their_input_gradients(RecurrentKind kind)
    {
        RecurrentCpuChecks.BidirectionalInputGradient(kind, seed: 31, lengths: null);
        RecurrentCpuChecks.BidirectionalInputGradient(kind, seed: 32, lengths: [4, 1, 3]);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Forward_agrees_with_onnx_runtime(RecurrentKind kind, int seed, bool twoLayers, bool bidirectional) =>
        RecurrentOnnxChecks.AgreeWithOnnxRuntime(kind, seed, twoLayers ? 2 : 1, bidirectional);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Carrying_the_state_across_two_halves_equals_one_full_run(RecurrentKind kind) =>
        RecurrentCases.CarriedStateMatchesFullRun(kind, seed: 41);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Wrong_shapes_throw_naming_expected_and_actual(RecurrentKind kind) =>
        RecurrentCases.WrongShapesThrow(kind);
}
