using System.CommandLine;
using System.Globalization;

namespace Strata.Samples;

/// <summary>
/// The kinds of option the samples share, each with its help text, its default (shown by --help) and its check.
/// Numbers are read in the invariant culture, so "0.002" means the same everywhere.
/// </summary>
internal static class SampleOption
{
    /// <summary>An integer option "--name N" of at least <paramref name="minimum"/>.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int minimum = int.MinValue) =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                if (result.Tokens is not [var token])
                {
                    result.AddError($"{name} expects one integer.");
                    return default;
                }

                if (!int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    result.AddError($"{name} expects an integer, got '{token.Value}'.");
                }
                else if (value < minimum)
                {
                    result.AddError($"{name} must be at least {minimum.ToString(CultureInfo.InvariantCulture)}, got '{token.Value}'.");
                }

                return value;
            },
        };

    /// <summary>An integer option "--name N" of at least 1.</summary>
    public static Option<int> PositiveInt(string name, string description, int defaultValue) =>
        Int(name, description, defaultValue, minimum: 1);

    /// <summary>A finite number option "--name X" above 0.</summary>
    public static Option<float> PositiveFloat(string name, string description, float defaultValue) =>
        new(name)
        {
            Description = description,
            HelpName = "X",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                if (result.Tokens is not [var token])
                {
                    result.AddError($"{name} expects one number.");
                    return default;
                }

                if (!float.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value) || value <= 0)
                {
                    result.AddError($"{name} expects a positive number, got '{token.Value}'.");
                }

                return value;
            },
        };

    /// <summary>An option "--name VALUE" that takes one of <paramref name="allowed"/>.</summary>
    public static Option<string> OneOf(string name, string description, string defaultValue, params string[] allowed)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    /// <summary>An optional text option "--name VALUE" (a file or folder): null when not given.</summary>
    public static Option<string?> Path(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };
}
