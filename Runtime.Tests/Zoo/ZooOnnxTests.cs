using Strata.Runtime.Tests.Onnx;
using Strata.Runtime.Tests.Reference;
using Strata.Zoo;

namespace Strata.Runtime.Tests.Zoo;

/// <summary>
/// The zoo's models and blocks against ONNX Runtime through their export, in evaluation mode, after training batches
/// have moved the BatchNorm running statistics: ResNet-18 itself at 3×32×32 with 10 classes (<see cref="ResNet18Cifar"/>,
/// the zoo's body with other compile-time arguments), the FCN that <c>Zoo --train fcn</c> trains
/// (<see cref="FcnResNet18Digits"/>, 1×64×64, as declared), and the reduced-width models of Samples/Zoo/Models/Reduced.cs, built from the zoo's blocks
/// (the same block code, smaller channel counts and inputs) to keep the test time small. Tolerance:
/// |strata − ort| ≤ 1e-4 · max(|ort|, 1). Each run draws a fresh seed and names it in a failure.
/// </summary>
public class ZooOnnxTests
{
    private const int Batch = 2;

    public static TheoryData<string> Models() => new(
        new[]
        {
            typeof(ResNet18Cifar), typeof(TinyBottleneckResNet), typeof(TinyVgg), typeof(TinyNiN), typeof(TinyGoogLeNet),
            typeof(TinyDenseNet), typeof(TinyMobileNetV1), typeof(TinyMobileNetV2), typeof(TinyFcn), typeof(FcnResNet18Digits),
        }.Select(t => t.AssemblyQualifiedName!));

    [Theory]
    [MemberData(nameof(Models))]
    public void Evaluation_mode_matches_onnx_runtime(string modelName)
    {
        var type = Type.GetType(modelName, throwOnError: true)!;
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var device = Device.Cpu();
        var model = (IModel)Activator.CreateInstance(type, device, random.Next())!;
        var elements = model.InputShape.Aggregate(1, (a, d) => a * d);
        int[] shape = [Batch, .. model.InputShape];

        // BatchNorm's affine parameters away from 1 and 0; two training batches move the running statistics.
        foreach (var parameter in model.Parameters.Where(p => IsBatchNorm(model, p.Name)))
        {
            var isWeight = parameter.Name.EndsWith(".weight", StringComparison.Ordinal);
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, isWeight ? 0.5f : -0.5f, isWeight ? 1.5f : 0.5f));
        }

        if (model is TinyFcn fcn)
        {
            FcnInitialization.Bilinear(fcn.Head.Up);
        }

        if (model is FcnResNet18Digits digitsFcn)
        {
            FcnInitialization.Bilinear(digitsFcn.Head.Up);
        }

        for (var step = 0; step < 2; step++)
        {
            model.Forward(device.FromArray(RandomData.Uniform(random, Batch * elements, -2f, 2f), shape));
        }

        model.Eval();
        var x = RandomData.Uniform(random, Batch * elements, -2f, 2f);
        using var oracle = OnnxRuntimeOracle.Export(model);
        var expected = oracle.Run(x).ToDouble();
        var actual = model.Forward(device.FromArray(x, shape)).ToArray();

        Assert.Equal(Batch * model.OutputShape.Aggregate(1, (a, d) => a * d), actual.Length);
        Closeness.AssertClose(expected, actual, Closeness.ForwardTolerance, what: $"{type.Name} in evaluation mode (seed {seed})");
    }

    private static bool IsBatchNorm(IModel model, string parameterName)
    {
        var layer = parameterName[..parameterName.LastIndexOf('.')];
        return model.Buffers.Any(b => b.Name == layer + ".running_mean");
    }
}
