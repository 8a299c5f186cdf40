namespace Strata.Distributed;

/// <summary>What a <see cref="GradientEvent"/> records.</summary>
public enum GradientEventKind
{
    /// <summary>Backward reported a layer's gradients final; the index is the layer's first parameter.</summary>
    LayerReady,

    /// <summary>The communication thread entered a bucket's allreduce; the index is the bucket.</summary>
    AllreduceStarted,

    /// <summary>A bucket's allreduce returned; the index is the bucket.</summary>
    AllreduceFinished,

    /// <summary>Backward had returned and the trainer started waiting for the buckets (index −1).</summary>
    BackwardFinished,
}
