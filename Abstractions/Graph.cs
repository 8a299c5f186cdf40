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

        /// <summary>
        /// The channels (the first dimension) of the input of the block or model an expression is written in, for layer
        /// arguments that depend on it: <c>[Conv(Graph.InChannels, 3, pad: 1, GroupsFrom = Graph.InChannels)]</c> is a depthwise
        /// convolution, and <c>"inChannels / 2"</c> halves the channels, as DenseNet's transition.
        /// </summary>
        public const string InChannels = "inChannels";
    }
}
