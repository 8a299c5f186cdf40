namespace Strata.Generator.Model
{
    /// <summary>When an operation's backward must compute the gradient of its input.</summary>
    internal enum InputGradientNeed
    {
        /// <summary>A layer with parameters comes before it, so the gradient flows on.</summary>
        Always,

        /// <summary>Only layers without parameters come before it: only when the caller asks for the input gradient.</summary>
        WhenRequested,
    }
}
