namespace Strata.Generator.Model
{
    /// <summary>
    /// A property that holds one use of a <c>[Block]</c> class or a stage of them (<c>Residual[]</c>), as its initializer
    /// makes them: <c>new(...)</c>, a collection of <c>new(...)</c>, or <c>Blocks.Repeat(count, i =&gt; new(...))</c>.
    /// </summary>
    /// <param name="Name">The property's name; its blocks' parameters are named after it (<c>Layer2.0.Conv1.weight</c>).</param>
    /// <param name="Block">The block class's metadata name, e.g. <c>Samples.Residual</c>.</param>
    /// <param name="BlockName">The block class's name, for messages.</param>
    /// <param name="Location">The property's name, for messages about the whole use.</param>
    /// <param name="IsArray">Whether the property holds an array of blocks, each reading the one before it.</param>
    /// <param name="Calls">The <c>new(...)</c> of each block; for <c>Blocks.Repeat</c>, the one that makes each.</param>
    /// <param name="RepeatCount">For <c>Blocks.Repeat</c>, the count; null otherwise.</param>
    /// <param name="RepeatIndex">For <c>Blocks.Repeat</c>, the lambda's parameter, which its arguments may read.</param>
    /// <param name="From">The layer <c>[From]</c> makes the first block read instead of the item before it; null otherwise.</param>
    internal sealed record BlockUse(
        string Name,
        string Block,
        string BlockName,
        SourceLocation Location,
        bool IsArray,
        EquatableArray<BlockCall> Calls,
        LayerArgument? RepeatCount,
        string? RepeatIndex,
        NameArgument? From) : GraphItem
    {
        public override string ItemName => Name;
    }

    /// <summary>One <c>new Block(...)</c>: every parameter's value, defaults included.</summary>
    /// <param name="Arguments">The arguments by parameter.</param>
    /// <param name="Location">The creation expression.</param>
    internal sealed record BlockCall(EquatableArray<BlockArgument> Arguments, SourceLocation Location);

    /// <summary>The value a <c>new Block(...)</c> gives one parameter: a constant, or an expression of the enclosing block's parameters.</summary>
    internal sealed record BlockArgument(string Parameter, Expression Value, SourceLocation Location);
}
