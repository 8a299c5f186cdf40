namespace Strata.Generator.Model
{
    /// <summary>The kinds of fused operation the emitters know. Flatten is not one: it only makes views.</summary>
    internal enum OpKind
    {
        Conv,
        MaxPool,
        AvgPool,
        Dense,
        Dropout,
    }
}
