using System;

namespace Strata
{
    /// <summary>
    /// Global average pooling: [channels, height, width] → [channels], each channel's plane averaged, as PyTorch's
    /// <c>nn.AdaptiveAvgPool2d(1)</c> followed by <c>nn.Flatten()</c> (the head of NiN, GoogLeNet and ResNet) and Keras's
    /// <c>GlobalAveragePooling2D</c>. The output is a vector, so a <c>[Dense]</c> can follow it directly:
    /// <c>[GlobalAvgPool] public partial GlobalAvgPool Gap { get; }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class GlobalAvgPoolAttribute : LayerAttribute
    {
    }
}
