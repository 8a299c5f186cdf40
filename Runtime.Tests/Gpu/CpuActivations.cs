using System.Reflection;
using System.Runtime.ExceptionServices;
using Strata.Cpu;
using Strata.Gpu;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>Calls a CPU kernel generic in its activation with the struct that matches a <see cref="DenseActivation"/>.</summary>
internal static class CpuActivations
{
    public static readonly TheoryData<DenseActivation> All = new(Enum.GetValues<DenseActivation>());

    public static Type StructOf(DenseActivation activation) => activation switch
    {
        DenseActivation.Identity => typeof(IdentityActivation),
        DenseActivation.Relu => typeof(ReluActivation),
        DenseActivation.Sigmoid => typeof(SigmoidActivation),
        DenseActivation.Tanh => typeof(TanhActivation),
        DenseActivation.Relu6 => typeof(Relu6Activation),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>
    /// Runs the public static generic method <paramref name="name"/> of <paramref name="owner"/> with the activation's struct,
    /// its optional parameters that <paramref name="arguments"/> leaves out at their defaults.
    /// </summary>
    public static void Invoke(Type owner, string name, DenseActivation activation, params object?[] arguments)
    {
        var method = owner.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(StructOf(activation));
        // Optional parameters left out take their defaults.
        var all = arguments.Concat(method.GetParameters().Skip(arguments.Length).Select(p => p.DefaultValue)).ToArray();
        try
        {
            method.Invoke(null, all);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
        }
    }
}
