using Strata.Cpu;

namespace Strata.Benchmarks;

/// <summary>
/// A dense layer's forward with its weights packed once (<c>DenseCpu.Forward</c>, which caches wᵀ's panels by the
/// tensor's version) against the same product packing wᵀ on every call (<c>Gemm.Multiply</c> with B transposed, what
/// DenseCpu did before), alternating in one process.
/// </summary>
internal static class DensePackingBenchmark
{
    /// <summary>One row per shape: name, cached seconds, repacking seconds.</summary>
    public static IEnumerable<(string Case, double Cached, double Repacked)> Run()
    {
        var device = Device.Cpu();
        (string Name, int Batch, int In, int Out)[] cases =
        [
            ("64×2048×512 (kernel table)", 64, 512, 2048),
            ("LeNet F5 b1 400→120", 1, 400, 120),
            ("LeNet F5 b64 400→120", 64, 400, 120),
            ("VGG F1 b1 512→512", 1, 512, 512),
            ("VGG F1 b32 512→512", 32, 512, 512),
        ];
        foreach (var (name, batch, inFeatures, outFeatures) in cases)
        {
            var random = new Random(1);
            using var x = device.FromArray(Enumerable.Range(0, batch * inFeatures).Select(_ => random.NextSingle()).ToArray(), batch, inFeatures);
            using var w = device.FromArray(Enumerable.Range(0, outFeatures * inFeatures).Select(_ => random.NextSingle()).ToArray(), outFeatures, inFeatures);
            using var y = device.Allocate(batch, outFeatures);
            var workspace = new CpuWorkspace();
            var cached = Stopwatches.MedianSeconds(() => DenseCpu.Forward<IdentityActivation>(batch, inFeatures, outFeatures, x, w, null, y, workspace));
            var repacked = Stopwatches.MedianSeconds(() => Gemm.Multiply(batch, outFeatures, inFeatures, x.Span, inFeatures, false, w.Span, inFeatures, true,
                y.Span, outFeatures, false, default(ActivationEpilogue<IdentityActivation>), workspace));
            yield return (name, cached, repacked);
        }
    }
}
