using Strata.Cpu;

namespace Strata.Benchmarks;

/// <summary>
/// Max pooling forward on the shapes of the whole-model cases: the inner-window fast path (<c>MaxForward</c>) against
/// the general clipped-window path (<c>MaxForwardGeneral</c>, the algorithm before the fast path, on the same
/// allocation-free threading), as GB/s of input read.
/// </summary>
internal static class PoolBenchmark
{
    /// <summary>One row per shape: name, fast-path seconds, general-path seconds, input bytes.</summary>
    public static IEnumerable<(string Case, double Fast, double General, long Bytes)> Run()
    {
        var device = Device.Cpu();
        (string Name, int N, int C, int H, int K, int S, int P)[] cases =
        [
            ("VGG P1 2×2/2, 32×64×32²", 32, 64, 32, 2, 2, 0),
            ("LeNet S2 2×2/2, 64×6×28²", 64, 6, 28, 2, 2, 0),
            ("3×3/2 pad 1, 32×64×32²", 32, 64, 32, 3, 2, 1),
            ("3×3/1 pad 1, 8×64×32²", 8, 64, 32, 3, 1, 1),
        ];
        foreach (var (name, n, c, h, k, s, p) in cases)
        {
            var o = (h + 2 * p - k) / s + 1;
            var g = new PoolGeometry(n, c, h, h, k, s, p, o, o);
            var random = new Random(1);
            using var x = device.FromArray(Enumerable.Range(0, n * c * h * h).Select(_ => random.NextSingle()).ToArray(), n, c, h, h);
            using var y = device.Allocate(n, c, o, o);
            var fast = Stopwatches.MedianSeconds(() => Pool2dCpu.MaxForward(g, x, y));
            var general = Stopwatches.MedianSeconds(() => Pool2dCpu.MaxForwardGeneral(g, x, y));
            yield return (name, fast, general, 4L * x.Length);
        }
    }
}
