namespace Strata;

/// <summary>A one-hot encoding of token ids; it has no parameters.</summary>
public sealed class OneHot;
