namespace Strata.Generator.Tests.Blocks;

/// <summary>Block declarations the block tests share.</summary>
internal static class BlockSources
{
    /// <summary>Seed 001's residual block, d2l's <c>Residual(input_channels, num_channels, use_1x1conv, strides)</c> with the input channels inferred.</summary>
    public const string Residual = """
        using Strata;

        namespace Tests;

        /// <summary>d2l's residual block.</summary>
        [Block]
        public partial class Residual(int numChannels, bool use1x1Conv = false, int strides = 1)
        {
            [Conv(nameof(numChannels), 3, pad: 1, StrideFrom = nameof(strides))]                       public partial Conv2d Conv1 { get; }
            [BatchNorm, Relu]                                                                          public partial BatchNorm Bn1 { get; }
            [Conv(nameof(numChannels), 3, pad: 1)]                                                     public partial Conv2d Conv2 { get; }
            [BatchNorm]                                                                                public partial BatchNorm Bn2 { get; }
            [From(Graph.Input), When(nameof(use1x1Conv)), Conv(nameof(numChannels), 1, StrideFrom = nameof(strides))] public partial Conv2d Conv3 { get; }
            [Add(nameof(Bn2), nameof(Conv3)), Relu]                                                    public partial Add Out { get; }
        }
        """;

    /// <summary>A small ResNet of <see cref="Residual"/> blocks, to append to it.</summary>
    public const string SmallResNet = """

        /// <summary>A small ResNet.</summary>
        [Model, Input(3, 16, 16)]
        public partial class SmallResNet
        {
            [Conv(8, 3, pad: 1)] public partial Conv2d Stem { get; }
            [BatchNorm, Relu] public partial BatchNorm StemBn { get; }

            /// <summary>An identity block, then a projecting one.</summary>
            public Residual[] Stage { get; } = [new(8), new(16, use1x1Conv: true, strides: 2)];

            [GlobalAvgPool] public partial GlobalAvgPool Gap { get; }
            [Dense(10)] public partial Dense Fc { get; }
        }
        """;
}
