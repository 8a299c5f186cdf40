using System;

namespace Strata
{
    /// <summary>
    /// Adaptive average pooling to a fixed output size, as PyTorch's <c>nn.AdaptiveAvgPool2d((height, width))</c>:
    /// [C, H, W] → [C, height, width], output cell (i, j) averaging rows floor(i·H/height) to ceil((i+1)·H/height) − 1 and
    /// columns floor(j·W/width) to ceil((j+1)·W/width) − 1, so windows may differ in size and overlap when the sizes do not
    /// divide. An activation on the same property is applied after it:
    /// <c>[AdaptiveAvgPool(6, 6)] public partial Pool2d Pool { get; }</c> (AlexNet's head).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class AdaptiveAvgPoolAttribute : LayerAttribute
    {
        /// <summary>Declares adaptive average pooling to <paramref name="height"/> × <paramref name="width"/>.</summary>
        /// <param name="height">The output height; positive.</param>
        /// <param name="width">The output width; positive.</param>
        public AdaptiveAvgPoolAttribute(int height, int width)
        {
            Height = height;
            Width = width;
        }

        /// <summary>The output height.</summary>
        public int Height { get; }

        /// <summary>The output width.</summary>
        public int Width { get; }
    }
}
