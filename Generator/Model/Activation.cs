using Strata.Generator.Activations;

namespace Strata.Generator.Model
{
    /// <summary>
    /// The activation a layer property carries, as its definition read it: equatable, without source locations.
    /// </summary>
    /// <param name="Kind">The activation's name in <see cref="ActivationRegistry"/> (<c>Relu</c>).</param>
    /// <param name="Args">Its definition's own arguments (LeakyReLU's slope).</param>
    internal sealed record Activation(string Kind, ActivationArgs Args)
    {
        /// <summary>No activation.</summary>
        public static readonly Activation None = new(Identity.Definition.Name, NoActivationArgs.Instance);

        public ActivationDefinition Definition => ActivationRegistry.For(Kind);

        public bool IsNone => Kind == Identity.Definition.Name;

        /// <summary>The summary text after its layer's own (<c>, ReLU</c>); empty for none.</summary>
        public string Describe() => Definition.Describe(this);
    }

    /// <summary>The arguments an activation definition keeps: equatable, and free of source locations.</summary>
    internal abstract record ActivationArgs;

    /// <summary>The arguments of an activation that takes none.</summary>
    internal sealed record NoActivationArgs : ActivationArgs
    {
        public static readonly NoActivationArgs Instance = new();
    }
}
