namespace Strata;

/// <summary>
/// Told by a model's <see cref="IModel.Backward"/> as soon as a layer's parameter gradients are final, while backward
/// goes on through the layers before it: what data-parallel training uses to start a bucket's allreduce early
/// (<see cref="Distributed.OverlappedReduction"/>). Set it with <see cref="IModel.GradientReadyListener"/>.
/// </summary>
/// <remarks>
/// Every generated model calls it once per <c>Backward</c> for each layer with parameters, in the order backward finishes
/// them: reverse data-flow order, the last layer first. A parameter read by several operations is reported after the
/// last of them. Every parameter of the model is reported exactly once per call, frozen ones included (their
/// <see cref="Parameter.Grad"/> is left as it was; skip them). The call runs on the thread that runs <c>Backward</c>,
/// between two layers' kernels, so it must return quickly. On a GPU model the gradients are final in the device's queue:
/// synchronise the accelerator before reading them on the host.
/// </remarks>
public interface IGradientReadyListener
{
    /// <summary>
    /// The gradients of <see cref="IModel.Parameters"/>[<paramref name="first"/>] to
    /// [<paramref name="first"/> + <paramref name="count"/> − 1] (one layer's parameters) are final for this backward pass.
    /// </summary>
    void GradientsReady(int first, int count);
}
