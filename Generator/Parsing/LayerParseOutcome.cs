namespace Strata.Generator.Parsing
{
    /// <summary>How far reading a property got.</summary>
    internal enum LayerParseOutcome
    {
        /// <summary>The property carries no Strata attribute.</summary>
        NotALayer,

        /// <summary>A layer whose shapes can be checked (its declaration may still carry a reported error).</summary>
        Layer,

        /// <summary>The attributes contradict each other (reported), so the data flow stops here.</summary>
        Broken,

        /// <summary>The compiler reports an error in an attribute or the type; the model cannot be generated.</summary>
        CompilerError,
    }
}
