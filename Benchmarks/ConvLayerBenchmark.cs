using Strata.Cpu;

namespace Strata.Benchmarks;

/// <summary>
/// <c>--conv</c>: Conv2dCpu's forward and backward (dx and dw) alone on the layer shapes of the whole-model cases
/// (LeNet b64, the VGG-style net b32 and b1, ResNet-18 b32), medians in ms with GFLOP/s, so a change to the
/// convolution can be seen layer by layer; backward with dx and without (dw and db only, as a first layer runs it).
/// The weights change version before every backward, as a training step's do.
/// </summary>
internal static class ConvLayerBenchmark
{
    /// <summary>One row per layer: name, forward seconds, backward seconds, forward flops.</summary>
    public static IEnumerable<(string Case, double Forward, double Backward, double WeightsOnly, double Flops)> Run()
    {
        (string Name, int N, int C, int H, int OC, int K, int S, int P)[] cases =
        [
            ("LeNet C1 b64 1→6 5×5 28²", 64, 1, 28, 6, 5, 1, 2),
            ("LeNet C3 b64 6→16 5×5 14²", 64, 6, 14, 16, 5, 1, 0),
            ("VGG c1 b32 3→64 32²", 32, 3, 32, 64, 3, 1, 1),
            ("VGG c2 b32 64→128 16²", 32, 64, 16, 128, 3, 1, 1),
            ("VGG c4 b32 256→256 8²", 32, 256, 8, 256, 3, 1, 1),
            ("VGG c6 b32 512→512 4²", 32, 512, 4, 512, 3, 1, 1),
            ("VGG c8 b32 512→512 2²", 32, 512, 2, 512, 3, 1, 1),
            ("VGG c2 b1 64→128 16²", 1, 64, 16, 128, 3, 1, 1),
            ("VGG c6 b1 512→512 4²", 1, 512, 4, 512, 3, 1, 1),
            ("VGG c8 b1 512→512 2²", 1, 512, 2, 512, 3, 1, 1),
            ("ResNet stem b32 3→64 7×7/2 32²", 32, 3, 32, 64, 7, 2, 3),
            ("ResNet s1 b32 64→64 8²", 32, 64, 8, 64, 3, 1, 1),
            ("ResNet s2 b32 128→128 4²", 32, 128, 4, 128, 3, 1, 1),
            ("ResNet s3 b32 256→256 2²", 32, 256, 2, 256, 3, 1, 1),
            ("ResNet s4 b32 512→512 1²", 32, 512, 1, 512, 3, 1, 1),
            ("ResNet e2 b32 64→128 3×3/2 8²", 32, 64, 8, 128, 3, 2, 1),
            ("ResNet e3 b32 128→256 3×3/2 4²", 32, 128, 4, 256, 3, 2, 1),
            ("ResNet sc2 b32 64→128 1×1/2 8²", 32, 64, 8, 128, 1, 2, 0),
            ("ResNet sc3 b32 128→256 1×1/2 4²", 32, 128, 4, 256, 1, 2, 0),
            ("ResNet sc4 b32 256→512 1×1/2 2²", 32, 256, 2, 512, 1, 2, 0),
        ];
        var device = Device.Cpu();
        foreach (var (name, n, c, h, oc, k, s, p) in cases)
        {
            var o = ((h + (2 * p) - k) / s) + 1;
            var g = new ConvGeometry(n, c, h, h, oc, k, k, s, p, o, o);
            var random = new Random(1);
            float[] Values(int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f).ToArray();
            using var x = device.FromArray(Values(n * c * h * h), n, c, h, h);
            using var w = device.FromArray(Values(oc * c * k * k), oc, c, k, k);
            using var b = device.FromArray(Values(oc), oc);
            using var y = device.Allocate(n, oc, o, o);
            using var dy = device.FromArray(Values(n * oc * o * o), n, oc, o, o);
            using var dx = device.Allocate(n, c, h, h);
            using var dw = device.Allocate(oc, c, k, k);
            using var db = device.Allocate(oc);
            var workspace = new CpuWorkspace();
            var forward = Stopwatches.MedianSeconds(() => Conv2dCpu.Forward<ReluActivation>(g, x, w, b, y, workspace));
            var backward = Stopwatches.MedianSeconds(() =>
            {
                w.MarkChanged();
                Conv2dCpu.Backward<IdentityActivation>(g, x, w, y, dy, dx, dw, db, workspace);
            });
            var weightsOnly = Stopwatches.MedianSeconds(() =>
            {
                w.MarkChanged();
                Conv2dCpu.Backward<IdentityActivation>(g, x, w, y, dy, null, dw, db, workspace);
            });
            yield return (name, forward, backward, weightsOnly, 2.0 * n * oc * o * o * c * k * k);
        }
    }
}
