namespace Strata.Generator.Model
{
    /// <summary>Which runtime interface a stubbed model implements with throwing members.</summary>
    internal enum StubInterface
    {
        /// <summary>None: the class declares a member named like one of them, so stubs would only add clashes.</summary>
        None,

        /// <summary><c>Strata.IModel</c>.</summary>
        Model,

        /// <summary><c>Strata.ISequenceModel</c>, for an <c>[Input(Sequence, ...)]</c>.</summary>
        SequenceModel,
    }
}
