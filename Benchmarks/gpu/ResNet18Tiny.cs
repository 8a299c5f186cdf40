using Strata.Zoo;

namespace Strata.Benchmarks.Gpu;

/// <summary>
/// ResNet-18 exactly as the benchmark's <c>ResNet18Cifar</c> (the zoo's <c>BasicResNet</c> body: every layer, width and
/// K = 4,608 of the last stage), at a 3×8×8 input, so the stages run at 2×2, 1×1, 1×1 and 1×1: for the dry run on ILGPU's
/// CPU accelerator only (<c>gpubench --dry-run</c>), where the 3×32×32 model costs minutes per step.
/// </summary>
[Model, Input(3, 8, 8)]
public partial class ResNet18Tiny
{
    public BasicResNet Net { get; } = new(2, 2, 2, 2, classes: 10);
}
