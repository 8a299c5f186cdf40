using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// <see cref="AttentionGruKernels"/> loaded once per accelerator (a load costs 25-115 ms); the GEMMs, the GRU cell and
/// the row sums come from <see cref="RecurrentKernelCache"/>.
/// </summary>
internal sealed class AttentionGruKernelCache
{
    private static readonly ConditionalWeakTable<Accelerator, AttentionGruKernelCache> Caches = new();

    private AttentionGruKernelCache(Accelerator accelerator)
    {
        Recurrent = RecurrentKernelCache.For(accelerator);
        Attend = Load(accelerator, AttentionGruKernels.Attend);
        Inputs = Load(accelerator, AttentionGruKernels.Inputs);
        ScoresBackward = Load(accelerator, AttentionGruKernels.ScoresBackward);
        FeaturesBackward = Load(accelerator, AttentionGruKernels.FeaturesBackward);
        MemoryBackward = Load(accelerator, AttentionGruKernels.MemoryBackward);
        InputBackward = Load(accelerator, AttentionGruKernels.InputBackward);
        AttentionOut = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int>(AttentionGruKernels.AttentionOut);
    }

    public RecurrentKernelCache Recurrent { get; }

    public Action<Index1D, AttentionGruStepArguments> Attend { get; }

    public Action<Index1D, AttentionGruStepArguments> Inputs { get; }

    public Action<Index1D, AttentionGruStepArguments> ScoresBackward { get; }

    public Action<Index1D, AttentionGruStepArguments> FeaturesBackward { get; }

    public Action<Index1D, AttentionGruStepArguments> MemoryBackward { get; }

    public Action<Index1D, AttentionGruStepArguments> InputBackward { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int> AttentionOut { get; }

    public static AttentionGruKernelCache For(Accelerator accelerator) => Caches.GetValue(accelerator, a => new AttentionGruKernelCache(a));

    private static Action<Index1D, AttentionGruStepArguments> Load(Accelerator accelerator, Action<Index1D, AttentionGruStepArguments> kernel) =>
        accelerator.LoadAutoGroupedStreamKernel(kernel);
}
