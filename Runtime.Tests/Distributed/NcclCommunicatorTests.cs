using System.Runtime.InteropServices;
using Strata.Distributed;

namespace Strata.Runtime.Tests.Distributed;

/// <summary>
/// What of the NCCL path can be checked without a GPU: the unique id's layout, the choice of reduction, and the errors for
/// a CPU model. ncclAllReduce itself has not run anywhere yet (no GPU where this was written).
/// </summary>
public sealed class NcclCommunicatorTests
{
    [Fact]
    public void The_unique_id_is_nccl_s_128_bytes_and_its_bytes_survive_a_trip_through_doubles()
    {
        Assert.Equal(128, Marshal.SizeOf<NcclUniqueId>());
        var id = default(NcclUniqueId);
        for (var i = 0; i < NcclUniqueId.ByteCount; i++)
        {
            id.AsSpan()[i] = (byte)(255 - i);
        }

        // The bootstrap broadcasts it as 16 doubles (MPI copies bytes; NaN patterns included).
        var doubles = MemoryMarshal.Cast<byte, double>(id.AsSpan()).ToArray();
        var back = default(NcclUniqueId);
        MemoryMarshal.Cast<double, byte>(doubles).CopyTo(back.AsSpan());
        Assert.True(back.AsSpan().SequenceEqual(id.AsSpan()));
    }

    [Fact]
    public void An_even_split_averages_in_nccl_and_an_uneven_one_scales_then_sums()
    {
        Assert.Equal((4, 1f), NcclCommunicator.ReductionFor(0.25f, 4));
        Assert.Equal((4, 1f), NcclCommunicator.ReductionFor(0.5f, 2));
        Assert.Equal((0, 0.3f), NcclCommunicator.ReductionFor(0.3f, 4));
        Assert.Equal((0, 0f), NcclCommunicator.ReductionFor(0f, 2));
    }

    [Fact]
    public void A_cpu_model_is_refused_with_the_mpi_alternative()
    {
        var error = Assert.Throws<ArgumentException>(() => NcclCommunicator.Create(new NoHost(), Device.Cpu()));
        Assert.Contains("DataParallel.Mpi()", error.Message);
    }

    [Fact]
    public void The_missing_library_message_names_nccl_and_its_package()
    {
        Assert.Contains("libnccl.so.2", NcclCommunicator.MissingMessage());
        Assert.Contains("libnccl2", NcclCommunicator.MissingMessage());
    }

    private sealed class NoHost : ICommunicator
    {
        public int Rank => 0;

        public int Size => 1;

        public void AllreduceSum(IReadOnlyList<Tensor> bucket, float scale) => throw new InvalidOperationException();

        public void AllreduceSum(Span<double> values) => throw new InvalidOperationException();

        public void Broadcast(Tensor tensor, int root) => throw new InvalidOperationException();

        public void Broadcast(Span<double> values, int root) => throw new InvalidOperationException();

        public void Abort(string message) => throw new InvalidOperationException();

        public void Dispose()
        {
        }
    }
}
