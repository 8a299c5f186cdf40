namespace Strata.Generator.Tests.TestSupport;

/// <summary>Builds a model declaration around layer properties, for tests about one rule at a time.</summary>
internal static class ModelSource
{
    /// <summary>A public partial class Net in namespace Tests with the given class attributes and members.</summary>
    public static string Net(string classAttributes, params string[] members) => $$"""
        using Strata;

        namespace Tests;

        /// <summary>A test model.</summary>
        [{{classAttributes}}]
        public partial class Net
        {
        {{string.Join("\n", members.Select(m => "    " + m))}}
        }
        """;
}
