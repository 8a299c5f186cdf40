using System;

namespace Strata
{
    /// <summary>
    /// A 2-D convolution, as PyTorch's <c>nn.Conv2d(in, channels, kernel, stride, pad, bias, dilation, groups)</c>; the
    /// input channel count is inferred. The output size is <c>floor((F_in − d·(k − 1) − 1 + 2p) / s) + 1</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class ConvAttribute : LayerAttribute
    {
        /// <summary>Declares a convolution with a square kernel.</summary>
        public ConvAttribute(int channels, int kernel, int stride = 1, int pad = 0, bool bias = true)
        {
            Channels = channels;
            Kernel = kernel;
            Stride = stride;
            Pad = pad;
            Bias = bias;
        }

        /// <summary>
        /// Declares a convolution inside a <see cref="BlockAttribute">[Block]</see> whose channel count is computed from the
        /// block's parameters: <c>[Conv(nameof(numChannels), 3, pad: 1)]</c>, or an expression such as
        /// <c>"numChannels * 4"</c> (see <see cref="BlockAttribute"/> for what expressions may contain).
        /// </summary>
        public ConvAttribute(string channels, int kernel, int stride = 1, int pad = 0, bool bias = true)
            : this(0, kernel, stride, pad, bias)
        {
            ChannelsFrom = channels;
        }

        /// <summary>The number of output channels; 0 when <see cref="ChannelsFrom"/> gives them.</summary>
        public int Channels { get; }

        /// <summary>The expression that gives the output channels inside a block, or null.</summary>
        public string? ChannelsFrom { get; }

        /// <summary>The kernel size as an expression of the block's parameters, e.g. <c>nameof(kernel)</c>; it replaces <see cref="Kernel"/>.</summary>
        public string? KernelFrom { get; set; }

        /// <summary>The stride as an expression of the block's parameters, e.g. <c>nameof(strides)</c>; it replaces <see cref="Stride"/>.</summary>
        public string? StrideFrom { get; set; }

        /// <summary>The padding as an expression of the block's parameters; it replaces <see cref="Pad"/>.</summary>
        public string? PadFrom { get; set; }

        /// <summary>The groups as an expression, e.g. <c>Graph.InChannels</c> for a depthwise convolution; it replaces <see cref="Groups"/>.</summary>
        public string? GroupsFrom { get; set; }

        /// <summary>The kernel height, and its width unless <see cref="KernelWidth"/> is set.</summary>
        public int Kernel { get; }

        /// <summary>The stride in both directions.</summary>
        public int Stride { get; }

        /// <summary>The zero padding on every side.</summary>
        public int Pad { get; }

        /// <summary>Whether the layer adds a learned bias per output channel.</summary>
        public bool Bias { get; }

        /// <summary>A kernel width that differs from its height, e.g. <c>KernelWidth = 2</c> for a 1×2 kernel; left out (0), the kernel is square.</summary>
        public int KernelWidth { get; set; }

        /// <summary>
        /// The number of groups the channels split into, each convolved apart (PyTorch's <c>groups</c>, default 1): it
        /// must divide both the input and the output channels. <c>Groups</c> equal to the input channels is a depthwise
        /// convolution, as MobileNet's.
        /// </summary>
        public int Groups { get; set; } = 1;

        /// <summary>The spacing between kernel taps (PyTorch's <c>dilation</c>, default 1): a 3×3 kernel with dilation 2 spans 5×5.</summary>
        public int Dilation { get; set; } = 1;
    }
}
