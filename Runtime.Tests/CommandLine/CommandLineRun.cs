namespace Strata.Runtime.Tests.CommandLine;

/// <summary>One in-process run of a sample's command-line parser, with what it printed.</summary>
internal sealed record CommandLineRun<T>(bool Runs, T? Options, int ExitCode, string Output, string Error)
{
    /// <summary>A sample's parse entry point, as every <c>*Options.TryParse</c> is.</summary>
    public delegate bool Parser(IReadOnlyList<string> args, out T? options, out int exitCode, TextWriter? output, TextWriter? error);

    /// <summary>Parses <paramref name="args"/> with <paramref name="parse"/>, capturing its output and errors.</summary>
    public static CommandLineRun<T> Of(Parser parse, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var runs = parse(args, out var options, out var exitCode, output, error);
        return new CommandLineRun<T>(runs, options, exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Asserts the parser stopped the sample with a non-zero exit code, the error text and the help.</summary>
    public void AssertFailsWith(string error)
    {
        Assert.False(Runs);
        Assert.Null(Options);
        Assert.NotEqual(0, ExitCode);
        Assert.Contains(error, Error, StringComparison.Ordinal);
        Assert.Contains("Usage:", Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Asserts --help stopped the sample with exit code 0 and printed each of <paramref name="texts"/> (compared with runs
    /// of white space, the help's column padding and line breaks, as one space).
    /// </summary>
    public void AssertHelpShows(params string[] texts)
    {
        Assert.False(Runs);
        Assert.Equal(0, ExitCode);
        Assert.Empty(Error);
        var help = string.Join(' ', Output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        foreach (var text in texts)
        {
            Assert.Contains(text, help, StringComparison.Ordinal);
        }
    }
}
