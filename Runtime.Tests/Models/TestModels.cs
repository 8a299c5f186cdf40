using Strata.Samples;

namespace Strata.Runtime.Tests.Models;

/// <summary>The generated models the oracle tests run, by role, and how to make one from its type.</summary>
internal static class TestModels
{
    /// <summary>One model per layer option.</summary>
    public static readonly Type[] Layers =
    [
        typeof(ConvBiasNet), typeof(ConvStridePadNet), typeof(ConvNonSquareNet),
        typeof(MaxPoolPadNet), typeof(AvgPoolIncludePadNet), typeof(AvgPoolExcludePadNet), typeof(GlobalAvgPoolNet), typeof(GlobalAvgPoolHeadNet),
        typeof(DenseBiasNet), typeof(DenseNoBiasNet), typeof(FlattenNet), typeof(TrailingFlattenNet),
        typeof(ResidualNet), typeof(DoubleReadNet), typeof(BranchNet), typeof(FeatureConcatNet),
        typeof(GroupedDilatedConvNet), typeof(SoftmaxNet), typeof(GeluNet), typeof(ConvTransposeNet),
        typeof(AdaptiveAvgPoolNet), typeof(AdaptiveAvgPoolDividingNet), typeof(AdaptiveAvgPoolUpNet),
    ];

    /// <summary>Every activation fused into each kind of layer that fuses one.</summary>
    public static readonly Type[] FusedActivations =
    [
        typeof(ConvReluNet), typeof(ConvSigmoidNet), typeof(ConvTanhNet), typeof(ConvRelu6Net),
        typeof(DenseReluNet), typeof(DenseSigmoidNet), typeof(DenseTanhNet), typeof(DenseRelu6Net),
        typeof(PoolActivationNet), typeof(ConvLeakyReluNet), typeof(DenseLeakyReluNet), typeof(PoolLeakyReluNet),
    ];

    /// <summary>The whole-model test model and the samples.</summary>
    public static readonly Type[] Whole = [typeof(TinyNet), typeof(LeNet), typeof(Corr2dNet)];

    public static IEnumerable<Type> All => Layers.Concat(FusedActivations).Concat(Whole);

    public static TheoryData<string> Names(IEnumerable<Type> models) => new(models.Select(m => m.AssemblyQualifiedName!));

    public static Type Named(string assemblyQualifiedName) => Type.GetType(assemblyQualifiedName, throwOnError: true)!;

    public static IModel Create(Type model, Device device, int seed) => (IModel)Activator.CreateInstance(model, device, seed)!;

    /// <summary>
    /// The half-width of the uniform test inputs: wide enough that ReLU6 clips at 6 as well as at 0 where a model has
    /// one, narrow enough elsewhere that sigmoid and tanh are not saturated everywhere.
    /// </summary>
    public static float InputScale(Type model) =>
        model.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            .Any(p => p.IsDefined(typeof(Relu6Attribute), inherit: false)) ? 16 : 4;

    /// <summary>Elements per sample of a shape.</summary>
    public static int Elements(IReadOnlyList<int> shape) => shape.Aggregate(1, (a, d) => a * d);

    /// <summary>A batch's shape: [batch, ..InputShape].</summary>
    public static int[] BatchShape(IModel model, int batch) => [batch, .. model.InputShape];
}
