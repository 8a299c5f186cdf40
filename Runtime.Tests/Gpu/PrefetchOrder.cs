using Strata.Gpu;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>The order in which a prefetching training loop issues its copies, waits and loss reads (a device's transfer log).</summary>
internal static class PrefetchOrder
{
    /// <summary>
    /// Every batch after the epoch's first goes up on the copy stream: batch k+1 before step k reads its loss (the host's
    /// first wait for step k's compute), and step k+1 waits for that copy only after that read.
    /// </summary>
    public static void AssertPrefetchedBeforeTheLossRead(List<TransferEvent> log, int steps)
    {
        var copies = Positions(log, TransferEvent.CopyStreamUpload);
        var waits = Positions(log, TransferEvent.CopyStreamWait);
        var lossReads = Positions(log, TransferEvent.Download);
        Assert.Equal(steps - 1, copies.Count);
        Assert.Equal(steps - 1, waits.Count);
        for (var k = 0; k < steps - 1; k++)
        {
            Assert.True(copies[k] < lossReads[k], $"step {k}: copy at {copies[k]}, loss read at {lossReads[k]}: {string.Join(", ", log)}");
            Assert.True(waits[k] > lossReads[k], $"step {k + 1}: waited for its copy at {waits[k]}, before step {k}'s loss read at {lossReads[k]}");
        }
    }

    private static List<int> Positions(List<TransferEvent> log, TransferEvent kind) =>
        log.Select((e, i) => (e, i)).Where(x => x.e == kind).Select(x => x.i).ToList();
}
