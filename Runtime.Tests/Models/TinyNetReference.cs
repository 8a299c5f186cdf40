using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// <see cref="TinyNet"/> written plainly in float64 from the reference layers: the oracle for the generated code.
/// Parameters come in the model's order: A.weight, A.bias, C.weight, G.weight, G.bias, Out.weight.
/// </summary>
internal static class TinyNetReference
{
    public static double[] Forward(int batch, double[] x, IReadOnlyList<double[]> p)
    {
        var a = ReferenceLayers.Activate(ReferenceActivation.Tanh,
            ReferenceLayers.Conv2dPreActivation(new ConvGeometry(batch, 2, 9, 8, 3, 3, 2, 2, 1, 5, 5), x, p[0], p[1]));
        var b = ReferenceLayers.AvgPool(new PoolGeometry(batch, 3, 5, 5, 3, 1, 1, 5, 5), countIncludePad: false, a);
        var c = ReferenceLayers.Activate(ReferenceActivation.Relu6,
            ReferenceLayers.Conv2dPreActivation(new ConvGeometry(batch, 3, 5, 5, 4, 2, 2, 1, 0, 4, 4), b, p[2], null));
        var d = ReferenceLayers.AvgPool(new PoolGeometry(batch, 4, 4, 4, 2, 2, 1, 3, 3), countIncludePad: true, c);
        var e = ReferenceLayers.Activate(ReferenceActivation.Sigmoid,
            ReferenceLayers.MaxPool(new PoolGeometry(batch, 4, 3, 3, 2, 1, 0, 2, 2), d));
        var g = ReferenceLayers.Activate(ReferenceActivation.Relu,
            ReferenceLayers.DensePreActivation(batch, 16, 5, e, p[3], p[4]));
        return ReferenceLayers.DensePreActivation(batch, 5, 3, g, p[5], null);
    }
}
