using System;

namespace Strata
{
    /// <summary>
    /// ViT's class token: a learned vector <c>X.weight</c> [d] (0 at first) put before every sequence, [T, d] →
    /// [T + 1, d], on a sequence whose step count is fixed at build time (a patch embedding's):
    /// <c>[ClassToken] public partial ClassToken Cls { get; }</c>. Read it back after the encoder with <c>[TakeStep(0)]</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class ClassTokenAttribute : LayerAttribute
    {
    }
}
