using System.CommandLine;

namespace Strata.Samples;

/// <summary>The Corr2d sample's command line: it has no options, only --help.</summary>
public static class Corr2dCommandLine
{
    /// <summary>
    /// Reads <paramref name="args"/>. Returns true when the sample should run; false with the exit code after printing the
    /// help (0) or System.CommandLine's error and the help (non-zero) to <paramref name="output"/> and
    /// <paramref name="error"/> (the console when null).
    /// </summary>
    public static bool TryParse(IReadOnlyList<string> args, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var command = new RootCommand(
            "Dive into Deep Learning §7.2: learns the edge-detector kernel (1, -1) back from an image and its cross-correlation, over 20 epochs.");
        return SampleCommandLine.TryParse(command, args, result => result, output, error, out _, out exitCode);
    }
}
