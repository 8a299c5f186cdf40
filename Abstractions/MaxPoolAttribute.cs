using System;

namespace Strata
{
    /// <summary>2-D max pooling, as PyTorch's <c>nn.MaxPool2d</c>. The stride defaults to the kernel size.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class MaxPoolAttribute : LayerAttribute
    {
        /// <summary>Declares max pooling; leave <paramref name="stride"/> out for a stride equal to the kernel (a written 0 is an error, STRATA0007).</summary>
        public MaxPoolAttribute(int kernel, int stride = 0, int pad = 0)
        {
            Kernel = kernel;
            Stride = stride;
            Pad = pad;
        }

        /// <summary>The square window size.</summary>
        public int Kernel { get; }

        /// <summary>The stride; 0 when it was left out, which means the kernel size.</summary>
        public int Stride { get; }

        /// <summary>Implicit padding on every side (padded cells never win the max).</summary>
        public int Pad { get; }
    }
}
