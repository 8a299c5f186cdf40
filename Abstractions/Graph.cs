namespace Strata
{
    /// <summary>
    /// Names a layer can read besides the layers declared before it: <c>[From(Graph.Input)]</c> starts a branch from
    /// the model's input, and <c>[Add(nameof(Conv2), Graph.Input)]</c> adds the input as a shortcut.
    /// </summary>
    public static class Graph
    {
        /// <summary>The model's input, as <see cref="FromAttribute"/>, <see cref="AddAttribute"/> and <see cref="ConcatAttribute"/> read it.</summary>
        public const string Input = "<input>";
    }
}
