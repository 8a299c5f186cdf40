using System;

namespace Strata
{
    /// <summary>
    /// Marks a <c>partial</c> class as a reusable block of layers, as ResNet's residual block or an Inception block: its
    /// layer properties are declared as a model's are, and its primary constructor holds its parameters (int or bool),
    /// which C# checks at each use.
    /// <code>
    /// [Block]
    /// public partial class Residual(int numChannels, bool use1x1Conv = false, int strides = 1)
    /// {
    ///     [Conv(nameof(numChannels), 3, pad: 1, StrideFrom = nameof(strides))] public partial Conv2d Conv1 { get; }
    ///     ...
    /// }
    /// </code>
    /// A model (or another block) uses it through a property with an initializer: <c>public Residual B1 { get; } = new(64);</c>,
    /// an array <c>public Residual[] Layer2 { get; } = [new(128, use1x1Conv: true, strides: 2), new(128)];</c>, or
    /// <see cref="Blocks.Repeat{T}(int, Func{int, T})"/>. Each use is expanded with its own arguments and input shape,
    /// and its parameters are named after the path, <c>Layer2.0.Conv1.weight</c>.
    /// <para>
    /// Inside a block, a layer argument may be written as a string expression of the block's parameters where the
    /// attribute takes one (<c>[Conv(nameof(numChannels), 1)]</c>, <c>[Conv("width * 4", 1)]</c>, <c>StrideFrom</c>,
    /// <c>KernelFrom</c>, <c>PadFrom</c>, <c>GroupsFrom</c>, <see cref="WhenAttribute"/>): integers, <c>true</c>,
    /// <c>false</c>, the parameters' names, <see cref="Graph.InChannels"/>, <c>+ - * / %</c>, comparisons,
    /// <c>&amp;&amp; || !</c>, <c>?:</c> and parentheses, as in C#.
    /// </para>
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class BlockAttribute : Attribute
    {
    }
}
