using System.Globalization;

namespace Strata.Samples;

/// <summary>
/// The samples' "--name value" command lines. <see cref="TryParse"/> prints the usage for -h/--help and a one-line error
/// (exit code 2) for a bad option, so every sample starts the same way.
/// </summary>
internal static class CommandLine
{
    /// <summary>
    /// Applies each "--name value" pair of <paramref name="args"/> to <paramref name="defaults"/> with the matching
    /// handler (given the option's name and value). Returns false, with the process exit code, when the program should
    /// stop: 0 after printing <paramref name="usage"/> for help, 2 after printing an error and the usage.
    /// </summary>
    public static bool TryParse<T>(
        string[] args, string usage, T defaults, IReadOnlyDictionary<string, Func<T, string, string, T>> handlers, out T options, out int exitCode)
    {
        options = defaults;
        exitCode = 0;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                if (name is "-h" or "--help")
                {
                    Console.WriteLine(usage);
                    return false;
                }

                if (!handlers.TryGetValue(name, out var apply))
                {
                    throw new FormatException(name.StartsWith("--", StringComparison.Ordinal) ? $"Unknown option '{name}'." : $"Unexpected argument '{name}'.");
                }

                if (i + 1 >= args.Length)
                {
                    throw new FormatException($"{name} needs a value.");
                }

                options = apply(options, name, args[++i]);
            }

            return true;
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(usage);
            exitCode = 2;
            return false;
        }
    }

    /// <summary>An integer option.</summary>
    public static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new FormatException($"{name} expects an integer, got '{value}'.");

    /// <summary>An integer option of at least 1.</summary>
    public static int PositiveInt(string name, string value) =>
        Int(name, value) is var result and > 0 ? result : throw new FormatException($"{name} must be at least 1, got '{value}'.");

    /// <summary>A finite number option above 0.</summary>
    public static float PositiveFloat(string name, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && float.IsFinite(result) && result > 0
            ? result
            : throw new FormatException($"{name} expects a positive number, got '{value}'.");

    /// <summary>An option that takes one of <paramref name="allowed"/>.</summary>
    public static string OneOf(string name, string value, params string[] allowed) =>
        Array.IndexOf(allowed, value) >= 0
            ? value
            : throw new FormatException($"{name} must be {string.Join(", ", allowed[..^1])} or {allowed[^1]}, got '{value}'.");
}
