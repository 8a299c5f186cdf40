using System;

namespace Strata
{
    /// <summary>
    /// A 2-D transposed convolution, as PyTorch's <c>nn.ConvTranspose2d(in, channels, kernel, stride, pad,
    /// output_padding, groups, bias)</c>, the upsampling of an FCN head; the input channel count is inferred. The output
    /// size is <c>(F_in − 1)·s − 2p + k + output_padding</c>; the weight is [in, channels / groups, k, k], as in PyTorch.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class ConvTransposeAttribute : LayerAttribute
    {
        /// <summary>Declares a transposed convolution with a square kernel.</summary>
        public ConvTransposeAttribute(int channels, int kernel, int stride = 1, int pad = 0, int outputPadding = 0, bool bias = true)
        {
            Channels = channels;
            Kernel = kernel;
            Stride = stride;
            Pad = pad;
            OutputPadding = outputPadding;
            Bias = bias;
        }

        /// <summary>The number of output channels.</summary>
        public int Channels { get; }

        /// <summary>
        /// Declares a transposed convolution inside a <see cref="BlockAttribute">[Block]</see> whose channel count is
        /// computed from the block's parameters, e.g. <c>[ConvTranspose(nameof(classes), 64, stride: 32, pad: 16)]</c>.
        /// </summary>
        public ConvTransposeAttribute(string channels, int kernel, int stride = 1, int pad = 0, int outputPadding = 0, bool bias = true)
            : this(0, kernel, stride, pad, outputPadding, bias)
        {
            ChannelsFrom = channels;
        }

        /// <summary>The expression that gives the output channels inside a block, or null.</summary>
        public string? ChannelsFrom { get; }

        /// <summary>The stride as an expression of the block's parameters; it replaces the stride argument.</summary>
        public string? StrideFrom { get; set; }

        /// <summary>The kernel height and width.</summary>
        public int Kernel { get; }

        /// <summary>The stride in both directions: the upsampling factor.</summary>
        public int Stride { get; }

        /// <summary>The padding the matching convolution would have: it trims the output by 2·pad.</summary>
        public int Pad { get; }

        /// <summary>Extra rows and columns added to one side of the output (less than the stride), as PyTorch's output_padding.</summary>
        public int OutputPadding { get; }

        /// <summary>Whether the layer adds a learned bias per output channel.</summary>
        public bool Bias { get; }

        /// <summary>The number of groups the channels split into (PyTorch's <c>groups</c>, default 1); it must divide both channel counts.</summary>
        public int Groups { get; set; } = 1;
    }
}
