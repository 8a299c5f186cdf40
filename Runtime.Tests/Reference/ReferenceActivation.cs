using Xunit;
using Strata.Cpu;

namespace Strata.Runtime.Tests.Reference;

/// <summary>The activations under test, with plain float64 definitions and a bridge to Strata's generic structs.</summary>
public enum ReferenceActivation
{
    Identity,
    Relu,
    Sigmoid,
    Tanh,
    Relu6,
}

/// <summary>Something to run once per activation with the matching Strata struct as a generic argument.</summary>
internal interface IActivationTest
{
    void Run<TActivation>(ReferenceActivation kind)
        where TActivation : struct, IActivation;
}

internal static class ReferenceActivations
{
    public static readonly TheoryData<ReferenceActivation> All = new(Enum.GetValues<ReferenceActivation>());

    /// <summary>The textbook definitions, in double.</summary>
    public static double Apply(this ReferenceActivation kind, double x) => kind switch
    {
        ReferenceActivation.Identity => x,
        ReferenceActivation.Relu => Math.Max(x, 0),
        ReferenceActivation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        ReferenceActivation.Tanh => Math.Tanh(x),
        ReferenceActivation.Relu6 => Math.Min(Math.Max(x, 0), 6),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The distance from <paramref name="x"/> to the nearest point where the activation has no derivative; finite
    /// differences are only meaningful for pre-activations well away from those kinks.
    /// </summary>
    public static double DistanceToKink(this ReferenceActivation kind, double x) => kind switch
    {
        ReferenceActivation.Relu => Math.Abs(x),
        ReferenceActivation.Relu6 => Math.Min(Math.Abs(x), Math.Abs(x - 6)),
        _ => double.PositiveInfinity,
    };

    public static void Dispatch(this ReferenceActivation kind, IActivationTest test)
    {
        switch (kind)
        {
            case ReferenceActivation.Identity: test.Run<IdentityActivation>(kind); break;
            case ReferenceActivation.Relu: test.Run<ReluActivation>(kind); break;
            case ReferenceActivation.Sigmoid: test.Run<SigmoidActivation>(kind); break;
            case ReferenceActivation.Tanh: test.Run<TanhActivation>(kind); break;
            case ReferenceActivation.Relu6: test.Run<Relu6Activation>(kind); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
