using System;

namespace Strata
{
    /// <summary>
    /// One step of every sequence as a vector, [T, d] → [d], as <c>x[:, index]</c> (ViT's class token after the encoder):
    /// <c>[TakeStep(0)] public partial TakeStep Cls { get; }</c>. An index past a step count fixed at build time is a
    /// diagnostic; past the steps at run time, <see cref="ArgumentException"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class TakeStepAttribute : LayerAttribute
    {
        /// <summary>Declares the step to take.</summary>
        /// <param name="index">The step, from 0.</param>
        public TakeStepAttribute(int index)
        {
            Index = index;
        }

        /// <summary>The step taken.</summary>
        public int Index { get; }
    }
}
