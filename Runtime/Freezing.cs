namespace Strata;

/// <summary>What <see cref="ModelFreezing.Freeze(IModel, Freezing, string[])"/> freezes.</summary>
public enum Freezing
{
    /// <summary>The layers' parameters: no gradient, no update. BatchNorm layers still normalise with each batch's statistics and update their running ones.</summary>
    Parameters,

    /// <summary>
    /// The parameters and the BatchNorm running statistics: those layers normalise with the running statistics in training
    /// too and leave them alone, so a frozen body behaves in training exactly as in evaluation.
    /// </summary>
    ParametersAndStatistics,
}
