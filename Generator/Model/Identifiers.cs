namespace Strata.Generator.Model
{
    /// <summary>Turns a layer's path into a C# identifier stem: a block use's <c>Layer2.0.Conv1</c> becomes <c>Layer2_0_Conv1</c>.</summary>
    internal static class Identifiers
    {
        public static string Of(string path) => path.Replace('.', '_');
    }
}
