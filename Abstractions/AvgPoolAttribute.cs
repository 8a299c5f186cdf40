using System;

namespace Strata
{
    /// <summary>2-D average pooling, as PyTorch's <c>nn.AvgPool2d</c>. The stride defaults to the kernel size.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class AvgPoolAttribute : LayerAttribute
    {
        /// <summary>Declares average pooling; a stride of 0 means "same as the kernel".</summary>
        public AvgPoolAttribute(int kernel, int stride = 0, int pad = 0, bool countIncludePad = true)
        {
            Kernel = kernel;
            Stride = stride;
            Pad = pad;
            CountIncludePad = countIncludePad;
        }

        /// <summary>The square window size.</summary>
        public int Kernel { get; }

        /// <summary>The stride; 0 means the kernel size.</summary>
        public int Stride { get; }

        /// <summary>Zero padding on every side.</summary>
        public int Pad { get; }

        /// <summary>Whether padded cells count in the divisor, as PyTorch's <c>count_include_pad</c>.</summary>
        public bool CountIncludePad { get; }
    }
}
