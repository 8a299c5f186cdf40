using System;

namespace Strata
{
    /// <summary>2-D average pooling, as PyTorch's <c>nn.AvgPool2d</c>. The stride defaults to the kernel size.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class AvgPoolAttribute : LayerAttribute
    {
        /// <summary>Declares average pooling; leave <paramref name="stride"/> out for a stride equal to the kernel (a written 0 is an error, STRATA0007).</summary>
        public AvgPoolAttribute(int kernel, int stride = 0, int pad = 0, bool countIncludePad = true)
        {
            Kernel = kernel;
            Stride = stride;
            Pad = pad;
            CountIncludePad = countIncludePad;
        }

        /// <summary>The square window size.</summary>
        public int Kernel { get; }

        /// <summary>The stride; 0 when it was left out, which means the kernel size.</summary>
        public int Stride { get; }

        /// <summary>Zero padding on every side.</summary>
        public int Pad { get; }

        /// <summary>Whether padded cells count in the divisor, as PyTorch's <c>count_include_pad</c>.</summary>
        public bool CountIncludePad { get; }
    }
}
