using System;

namespace Strata
{
    /// <summary>
    /// A model's second input, for encoder–decoder models: <c>[Input(Sequence, Tokens, 40), SecondInput("target", Sequence,
    /// Tokens, 14)]</c> declares a source and a target, each a sequence with its own step count and lengths. The layers
    /// read it with <c>[From("target")]</c> (the first input stays <c>Graph.Input</c>, and the layer after nothing reads
    /// the first). The generated class is an <c>IEncoderDecoderModel</c>: <c>Forward(input, lengths, target,
    /// targetLengths)</c>, <c>Predict</c> alike, and <c>Backward</c> through both.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SecondInputAttribute : Attribute
    {
        /// <summary>Declares the second input <paramref name="name"/> with the per-sample <paramref name="shape"/>, a sequence shape as <c>[Input]</c> takes.</summary>
        /// <param name="name">How layers read it (<c>[From("target")]</c>) and the name of its parameter in Forward; a C# identifier in camelCase.</param>
        /// <param name="shape">Its per-sample shape, e.g. <c>Sequence, Tokens, 14</c> or <c>Sequence, 8</c>.</param>
        public SecondInputAttribute(string name, params int[] shape)
        {
            Name = name;
            Shape = shape;
        }

        /// <summary>The name layers read it by.</summary>
        public string Name { get; }

        /// <summary>The per-sample shape, without the batch dimension.</summary>
        public int[] Shape { get; }
    }
}
