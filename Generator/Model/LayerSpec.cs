namespace Strata.Generator.Model
{
    /// <summary>
    /// One layer property as written: its attributes' values in source order, before any shape is known.
    /// Arguments that a kind does not take are null (a pool has no <see cref="Size"/>, a flatten has none at all).
    /// </summary>
    /// <param name="Name">The property name; parameters are named after it (<c>C1.weight</c>).</param>
    /// <param name="Modifiers">The property's modifiers without <c>partial</c>, repeated on the implementation.</param>
    /// <param name="AttributeLocation">The layer attribute (Dense, not Flatten, for <c>[Flatten, Dense(120)]</c>).</param>
    /// <param name="Kind">The layer attribute.</param>
    /// <param name="FlattenFirst">Whether <c>[Flatten]</c> precedes the layer on the same property.</param>
    /// <param name="Activation">The activation, as its definition read it; <see cref="Model.Activation.None"/> when it has none.</param>
    /// <param name="Size">Conv channels or Dense units.</param>
    /// <param name="Kernel">The kernel height (and width unless <paramref name="KernelWidth"/> is set).</param>
    /// <param name="KernelWidth">Conv's KernelWidth; left out (not <see cref="LayerArgument.IsExplicit"/>) means square.</param>
    /// <param name="Stride">The stride; a pool's stride that is left out (0, not <see cref="LayerArgument.IsExplicit"/>) means the kernel size.</param>
    /// <param name="Pad">Zero padding on every side.</param>
    /// <param name="Bias">Whether a Conv or Dense layer has a bias.</param>
    /// <param name="CountIncludePad">AvgPool's count_include_pad.</param>
    /// <param name="Probability">Dropout's p; MultiHeadAttention's attention dropout (0 when left out).</param>
    /// <param name="Sources">
    /// The earlier layers it reads, for layers that name them (Add, Concat); for a layer that also reads the one before it
    /// (or its <c>[From]</c>), the others it reads after that one (a cross-attention's keys); empty otherwise.
    /// </param>
    /// <param name="Groups">Conv's groups; left out, 1.</param>
    /// <param name="Dilation">Conv's dilation; left out, 1.</param>
    /// <param name="OutputPadding">ConvTranspose's output padding.</param>
    /// <param name="From">The earlier layer (or <c>Graph.Input</c>) <c>[From]</c> makes it read instead of the one before it; null otherwise.</param>
    /// <param name="Momentum">BatchNorm's momentum.</param>
    /// <param name="Eps">BatchNorm's and LayerNorm's eps.</param>
    /// <param name="OutputHeight">AdaptiveAvgPool's output height.</param>
    /// <param name="OutputWidth">AdaptiveAvgPool's output width.</param>
    /// <param name="Axis">ToSequence's SequenceAxis, as its int value.</param>
    /// <param name="When">Inside a block, the <c>[When]</c> condition (its <see cref="LayerArgument.Expression"/>); null when the layer is always there.</param>
    /// <param name="Sequence">The arguments of recurrent, Embedding and OneHot layers; <see cref="Size"/> holds hidden or dim.</param>
    /// <param name="WeightInit"><c>[Init]</c>'s scheme for the weights (an <c>InitScheme</c> value); null without <c>[Init]</c>.</param>
    /// <param name="AttentionHidden">AttentionGru's attention features; 0 (not explicit) means its hidden size.</param>
    /// <param name="StateFromMemory">Whether AttentionGru starts from the last valid step of its memory.</param>
    /// <param name="BiasInit"><c>[Init]</c>'s scheme for the biases; null without <c>[Init]</c>.</param>
    internal sealed record LayerSpec(
        string Name,
        string Modifiers,
        SourceLocation AttributeLocation,
        LayerKind Kind,
        bool FlattenFirst,
        Activation Activation,
        LayerArgument? Size,
        LayerArgument? Kernel,
        LayerArgument? KernelWidth,
        LayerArgument? Stride,
        LayerArgument? Pad,
        bool Bias,
        bool CountIncludePad,
        RealArgument? Probability,
        SequenceArguments? Sequence = null,
        EquatableArray<NameArgument> Sources = default,
        NameArgument? From = null,
        LayerArgument? Groups = null,
        LayerArgument? Dilation = null,
        LayerArgument? OutputPadding = null,
        RealArgument? Momentum = null,
        RealArgument? Eps = null,
        LayerArgument? OutputHeight = null,
        LayerArgument? OutputWidth = null,
        LayerArgument? When = null,
        LayerArgument? Axis = null,
        LayerArgument? WeightInit = null,
        LayerArgument? BiasInit = null,
        LayerArgument? AttentionHidden = null,
        bool StateFromMemory = false) : GraphItem
    {
        public override string ItemName => Name;

        /// <summary>The layers it reads by name: the one <c>[From]</c> names, then those it names itself.</summary>
        public System.Collections.Generic.IEnumerable<NameArgument> NamedSources => From is { } from ? System.Linq.Enumerable.Concat(new[] { from }, Sources) : Sources;
    }
}
