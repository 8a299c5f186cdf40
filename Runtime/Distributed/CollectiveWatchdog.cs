using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Strata.Distributed;

/// <summary>
/// Bounds how long a rank waits in a collective operation. MPI's calls block until every rank has joined, so a rank
/// that died or hangs would keep the others waiting for ever; MPICH's launcher ends the job when a rank's process exits
/// abnormally, but not when one hangs, is stopped, or loses its link. Each collective runs inside <see cref="Enter"/>; a
/// background thread checks the deadline every 100 ms and, once it has passed, calls <c>onExpired</c> (which aborts
/// the job) and, should that not end the process within <see cref="ExitGrace"/>, exits the process with code 70.
/// </summary>
public sealed class CollectiveWatchdog : IDisposable
{
    private readonly Action<string> _onExpired;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private long _deadline = long.MaxValue;
    private string _operation = "";

    /// <summary>Watches collectives that may take up to <paramref name="timeout"/> each.</summary>
    public CollectiveWatchdog(TimeSpan timeout, Action<string> onExpired)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout;
        _onExpired = onExpired ?? throw new ArgumentNullException(nameof(onExpired));
        _thread = new Thread(Watch) { IsBackground = true, Name = "Strata collective watchdog" };
        _thread.Start();
    }

    /// <summary>How long one collective may wait for the other ranks.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How long after <c>onExpired</c> the watchdog waits before it exits the process itself.</summary>
    public static TimeSpan ExitGrace { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether a deadline passed.</summary>
    public bool Expired { get; private set; }

    /// <summary>Starts the deadline of one collective, named <paramref name="operation"/> in the error; dispose to end it.</summary>
    public Scope Enter(string operation)
    {
        Volatile.Write(ref _operation, operation);
        Volatile.Write(ref _deadline, Stopwatch.GetTimestamp() + (long)(Timeout.TotalSeconds * Stopwatch.Frequency));
        return new Scope(this);
    }

    /// <inheritdoc />
    public void Dispose() => _stop.Cancel();

    private void Watch()
    {
        while (!_stop.Token.WaitHandle.WaitOne(100))
        {
            if (Stopwatch.GetTimestamp() <= Volatile.Read(ref _deadline))
            {
                continue;
            }

            Expired = true;
            var message = $"{Volatile.Read(ref _operation)} waited more than {Timeout.TotalSeconds:0.#} s for the other ranks; " +
                "one of them has probably died, hangs or lost its link. Stopping the job.";
            var aborter = new Thread(() => _onExpired(message)) { IsBackground = true };
            aborter.Start();
            aborter.Join(ExitGrace);
            Console.Error.WriteLine("(the abort did not end this process; exiting with code 70)");
            Console.Error.Flush();
            Exit(70);
            return;
        }
    }

    private static void Exit(int code)
    {
        if (OperatingSystem.IsWindows())
        {
            Environment.FailFast("collective watchdog");
        }

        // _exit: no managed shutdown, which could itself wait on the thread stuck in MPI.
        ExitNow(code);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int code);

    /// <summary>The span of one collective.</summary>
    public readonly struct Scope(CollectiveWatchdog watchdog) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => Volatile.Write(ref watchdog._deadline, long.MaxValue);
    }
}
