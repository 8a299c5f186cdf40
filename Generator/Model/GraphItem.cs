namespace Strata.Generator.Model
{
    /// <summary>One property of a model or block in declaration order: a <see cref="LayerSpec"/> or a <see cref="BlockUse"/>.</summary>
    internal abstract record GraphItem
    {
        /// <summary>The property's name.</summary>
        public abstract string ItemName { get; }
    }
}
