namespace Strata.Generator.Model
{
    /// <summary>
    /// What the generated part of a <c>[Block]</c> class needs, whatever its uses: its layer properties, which it
    /// implements from the handles a model binds, its nested block uses, which it binds in turn, and its parameters,
    /// which it reads for <c>IBlock.Arguments</c>.
    /// </summary>
    /// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
    /// <param name="ClassName">The class name.</param>
    /// <param name="Parameters">The primary constructor's parameters.</param>
    /// <param name="Layers">The partial layer properties to implement.</param>
    /// <param name="Uses">The properties that hold nested block uses.</param>
    internal sealed record BlockShell(
        string? Namespace,
        string ClassName,
        EquatableArray<BlockParameter> Parameters,
        EquatableArray<PropertyStub> Layers,
        EquatableArray<BlockMember> Uses);

    /// <summary>A property that holds a block use, or a stage of them when <paramref name="IsArray"/>.</summary>
    internal sealed record BlockMember(string Name, bool IsArray);

    /// <summary>What parsing a <c>[Block]</c> class produced: its spec for the models that use it, and its generated part (null when none can be).</summary>
    internal sealed record ParsedBlock(BlockSpec Spec, BlockShell? Shell);
}
