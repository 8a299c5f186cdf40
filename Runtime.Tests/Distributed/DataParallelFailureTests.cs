using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace Strata.Runtime.Tests.Distributed;

/// <summary>
/// A rank that dies, hangs or throws stops the whole job with an error within a bounded time: data-parallel training
/// never hangs. Each test runs the worker's endless 2-rank LeNet training and fails one rank mid-epoch.
/// </summary>
public sealed class DataParallelFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Killing_one_rank_mid_epoch_makes_the_other_exit_with_an_error_within_30_s()
    {
        var (exitCode, elapsed, said, pids) = FailOneRank(pid => Process.GetProcessById(pid).Kill(), throwingRank: null, timeoutSeconds: null);
        Assert.NotEqual(0, exitCode);
        Assert.True(elapsed < Bound, $"The job took {elapsed.TotalSeconds:F1} s to stop after a rank was killed.");
        Assert.False(IsRunning(pids[0]), "Rank 0 is still running after rank 1 was killed.");
        output.WriteLine($"killed rank 1: stopped after {elapsed.TotalSeconds:F1} s with {exitCode}\n{said}");
    }

    [Fact]
    public void A_rank_that_hangs_is_given_up_by_the_watchdog_after_its_timeout()
    {
        // SIGSTOP: the process lives on but never joins the next allreduce, which MPICH's launcher cannot see.
        var (exitCode, elapsed, said, pids) = FailOneRank(pid => Signal(pid, 19), throwingRank: null, timeoutSeconds: 5);
        Assert.NotEqual(0, exitCode);
        Assert.True(elapsed < Bound, $"The job took {elapsed.TotalSeconds:F1} s to stop after a rank hung.");
        Assert.True(elapsed >= TimeSpan.FromSeconds(4), $"The job stopped after {elapsed.TotalSeconds:F1} s, before the 5 s timeout: not the watchdog.");
        Assert.Contains("waited more than 5 s for the other ranks", said);
        Assert.False(IsRunning(pids[0]), "Rank 0 is still running after rank 1 hung.");
        output.WriteLine($"stopped rank 1: the job ended after {elapsed.TotalSeconds:F1} s with {exitCode}\n{said}");
    }

    [Fact]
    public void A_rank_that_throws_stops_every_rank_and_says_why()
    {
        var (exitCode, elapsed, said, _) = FailOneRank(fail: null, throwingRank: 1, timeoutSeconds: null);
        Assert.NotEqual(0, exitCode);
        Assert.True(elapsed < Bound, $"The job took {elapsed.TotalSeconds:F1} s to stop after a rank threw.");
        Assert.Contains("rank 1 of 2 failed, stopping every rank", said);
        Assert.Contains("a deliberate failure at step 5", said);
        output.WriteLine(said);
    }

    /// <summary>
    /// Starts the endless training on 2 ranks; once both train, waits a second and applies <paramref name="fail"/> to rank
    /// 1's process (or lets rank 1 throw); returns the launcher's exit code, the time from the failure to its exit, what
    /// it printed and the ranks' process ids.
    /// </summary>
    private static (int ExitCode, TimeSpan Elapsed, string Said, int[] Pids) FailOneRank(Action<int>? fail, int? throwingRank, int? timeoutSeconds)
    {
        var environment = new Dictionary<string, string>();
        if (timeoutSeconds is { } seconds)
        {
            environment["STRATA_COLLECTIVE_TIMEOUT"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        using var job = MpiLaunch.Start(
            2, threadsPerRank: 1, environment, throwingRank is { } rank ? ["forever", rank.ToString(CultureInfo.InvariantCulture)] : ["forever"]);
        var error = job.StandardError.ReadToEndAsync();
        var pids = new int[2];
        var lines = new List<string>();
        try
        {
            while (lines.Count < 2 && job.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
                var fields = line.Split(' ');
                if (fields is ["rank", var r, "pid", var p, "training"])
                {
                    pids[int.Parse(r, CultureInfo.InvariantCulture)] = int.Parse(p, CultureInfo.InvariantCulture);
                }
            }

            Assert.True(pids.All(p => p > 0), $"The ranks did not start: {string.Join('\n', lines)}\n{(job.HasExited ? error.Result : "")}");
            var clock = Stopwatch.StartNew();
            if (fail is not null)
            {
                Thread.Sleep(1000);
                clock.Restart();
                fail(pids[1]);
            }

            var rest = job.StandardOutput.ReadToEndAsync();
            if (!job.WaitForExit(Bound + TimeSpan.FromSeconds(10)))
            {
                Assert.Fail($"The job still ran {clock.Elapsed.TotalSeconds:F0} s after the failure: it hangs.");
            }

            var elapsed = clock.Elapsed;
            job.WaitForExit();
            return (job.ExitCode, elapsed, string.Join('\n', lines) + "\n" + rest.Result + error.Result, pids);
        }
        finally
        {
            foreach (var pid in pids.Where(IsAlive))
            {
                Signal(pid, 18);
                Process.GetProcessById(pid).Kill();
            }

            if (!job.HasExited)
            {
                job.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Whether the process lives (a zombie waiting to be reaped does not count), waiting up to 5 s for it to end.</summary>
    private static bool IsRunning(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return false;
    }

    private static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            // /proc/PID/stat: "pid (name) state ..."; Z and X are dead processes not yet reaped.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Signal(int pid, int signal) => Assert.Equal(0, SendSignal(pid, signal));

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
