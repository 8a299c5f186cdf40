namespace Strata.Distributed;

/// <summary>
/// The collective operations data-parallel training needs, over one group of processes (ranks). Every rank must make
/// the same calls in the same order with the same sizes, as in MPI. <see cref="MpiCommunicator"/> runs them over MPI
/// (MPI.NET on MPICH) for CPU models, <see cref="NcclCommunicator"/> over NCCL for CUDA models.
/// </summary>
public interface ICommunicator : IDisposable
{
    /// <summary>This process's index, 0 to <see cref="Size"/> − 1.</summary>
    int Rank { get; }

    /// <summary>The number of processes.</summary>
    int Size { get; }

    /// <summary>
    /// Whether the gradient allreduce (<see cref="AllreduceSum(IReadOnlyList{Tensor}, float)"/>) may run on a thread other
    /// than the one that makes the other calls, one call at a time and never at once with another call, as
    /// <see cref="OverlappedReduction"/> does to overlap it with backward. False by default: the buckets are then reduced
    /// on the trainer's thread after backward.
    /// </summary>
    bool SupportsCommunicationThread => false;

    /// <summary>
    /// Replaces every tensor of <paramref name="bucket"/> (all on one device) with the sum over ranks of
    /// <paramref name="scale"/> × its value, as one operation; the result is the same on every rank.
    /// </summary>
    void AllreduceSum(IReadOnlyList<Tensor> bucket, float scale);

    /// <summary>Replaces <paramref name="values"/> (host memory) with their sum over ranks.</summary>
    void AllreduceSum(Span<double> values);

    /// <summary>Copies <paramref name="tensor"/> from rank <paramref name="root"/> to every other rank.</summary>
    void Broadcast(Tensor tensor, int root);

    /// <summary>Copies <paramref name="values"/> (host memory) from rank <paramref name="root"/> to every other rank.</summary>
    void Broadcast(Span<double> values, int root);

    /// <summary>
    /// Ends every rank of the job after writing <paramref name="message"/> to the standard error: what a rank does when it
    /// fails, so that the others stop instead of waiting for it. Does not return.
    /// </summary>
    void Abort(string message);
}
