using System.CommandLine;
using System.Globalization;

namespace Strata.Samples;

/// <summary>
/// How every sample reads its command line with System.CommandLine: --help prints the description and each option
/// with its default (exit code 0); a bad or unknown option prints System.CommandLine's error and the help (exit code 1).
/// </summary>
internal static class SampleCommandLine
{
    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="command"/>. Returns true, with the options
    /// <paramref name="bind"/> reads from the result, when the sample should run; false, with the process exit code, when
    /// it should stop after help, --version or an error was written to <paramref name="output"/> and
    /// <paramref name="error"/> (the console when null).
    /// </summary>
    public static bool TryParse<T>(
        RootCommand command, IReadOnlyList<string> args, Func<ParseResult, T> bind, TextWriter? output, TextWriter? error,
        out T? options, out int exitCode)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(bind);
        var result = command.Parse(args);

        // A sample's root command has no action of its own, so an action here is help, --version or the parse-error
        // report: run it (it writes the text and gives the exit code) and stop. The help prints defaults with the current
        // culture; the options read numbers in the invariant one, so the help does too ("0.002", never "0,002").
        if (result.Action is not null || result.Errors.Count > 0)
        {
            options = null;
            var culture = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                exitCode = result.Invoke(new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error });
            }
            finally
            {
                CultureInfo.CurrentCulture = culture;
            }

            return false;
        }

        options = bind(result);
        exitCode = 0;
        return true;
    }
}
