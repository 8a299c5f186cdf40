namespace Strata.Generator.Tests.TestSupport;

/// <summary>
/// Central finite differences of L = Σ g·y through the float64 reference network, for parameters and the input.
/// </summary>
internal sealed class GradientCheck(ReferenceNetwork reference, double[] input, int batch, List<double[]> parameters, double[] gradOutput)
{
    private const double Step = 1e-5;

    public double ParameterGradient(int tensor, int index) => Central(() => ref parameters[tensor][index]);

    public double InputGradient(int index) => Central(() => ref input[index]);

    private delegate ref double Element();

    private double Central(Element element)
    {
        ref var value = ref element();
        var original = value;
        value = original + Step;
        var plus = Loss();
        value = original - Step;
        var minus = Loss();
        value = original;
        return (plus - minus) / (2 * Step);
    }

    private double Loss()
    {
        var y = reference.Forward(input, batch, parameters);
        return y.Select((v, i) => v * gradOutput[i]).Sum();
    }
}
