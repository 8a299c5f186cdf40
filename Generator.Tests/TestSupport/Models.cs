namespace Strata.Generator.Tests.TestSupport;

/// <summary>Model declarations used across the tests.</summary>
internal static class Models
{
    /// <summary>LeNet exactly as in the repository README (ReLU and max pooling), documented as TreatWarningsAsErrors users would.</summary>
    public const string LeNet = """
        using Strata;

        namespace Samples;

        /// <summary>LeNet-5 with ReLU and max pooling.</summary>
        [Model, Input(1, 28, 28)]
        public partial class LeNet
        {
            [Conv(6, 5, pad: 2), Relu]     public partial Conv2d C1 { get; }
            [MaxPool(2)]                   public partial Pool2d S2 { get; }
            [Conv(16, 5), Relu]            public partial Conv2d C3 { get; }
            [MaxPool(2)]                   public partial Pool2d S4 { get; }
            [Flatten, Dense(120), Relu]    public partial Dense F5 { get; }
            [Dense(84), Relu]              public partial Dense F6 { get; }
            [Dense(10)]                    public partial Dense Out { get; }
        }
        """;

    /// <summary>
    /// Everything LeNet leaves out: average pooling with and without count_include_pad, Sigmoid/Tanh/ReLU6, layers
    /// without bias, a non-square kernel, strides, padded pooling, an activation on a pool, a standalone Flatten and
    /// a model in the global namespace.
    /// </summary>
    /// <summary>A small residual network: a conv whose output feeds the next conv and the add.</summary>
    public const string Residual = """
        using Strata;

        namespace Tests.Residual;

        /// <summary>Two convs and a shortcut.</summary>
        [Model, Input(3, 8, 8)]
        public partial class ResidualNet
        {
            [Conv(8, 3, pad: 1), Relu] public partial Conv2d Stem { get; }
            [Conv(8, 3, pad: 1), Relu] public partial Conv2d Conv1 { get; }
            [Conv(8, 3, pad: 1)] public partial Conv2d Conv2 { get; }
            [Add(nameof(Stem), nameof(Conv2)), Relu] public partial Add Out1 { get; }
            [MaxPool(2)] public partial Pool2d Pool { get; }
            [Flatten, Dense(10)] public partial Dense Head { get; }
        }
        """;

    /// <summary>A small ResNet-style trunk with BatchNorm over channels and over features, and a global average pool.</summary>
    public const string BatchNorm = """
        using Strata;

        namespace Tests.Normalization;

        /// <summary>Conv, BatchNorm2d and ReLU, a global average pool, then Dense and BatchNorm1d.</summary>
        [Model, Input(3, 8, 8)]
        public partial class BatchNormNet
        {
            [Conv(8, 3, pad: 1, bias: false)] public partial Conv2d Conv { get; }
            [BatchNorm, Relu] public partial BatchNorm Bn1 { get; }
            [GlobalAvgPool] public partial GlobalAvgPool Pool { get; }
            [Dense(6)] public partial Dense Hidden { get; }
            [BatchNorm(momentum: 0.01)] public partial BatchNorm Bn2 { get; }
            [Dense(10)] public partial Dense Head { get; }
        }
        """;

    public const string Coverage = """
        using Strata;

        /// <summary>A small model that touches every layer option.</summary>
        [Model, Input(2, 9, 8)]
        internal partial class Coverage
        {
            [Conv(4, 3, stride: 2, pad: 1, bias: false, KernelWidth = 2), Tanh] internal partial Conv2d Stem { get; }
            [AvgPool(3, stride: 1, pad: 1, countIncludePad: false), Relu6]      internal partial Pool2d Smooth { get; }
            [AvgPool(3, stride: 2)]                                              internal partial Pool2d Down { get; }
            [MaxPool(2, stride: 1, pad: 1), Sigmoid]                             internal partial Pool2d Peak { get; }
            [Flatten]                                                            internal partial Flatten Flat { get; }
            [Dense(5, bias: false), Sigmoid]                                     internal partial Dense Hidden { get; }
            [Dense(3)]                                                           internal partial Dense Logits { get; }
        }
        """;

    /// <summary>
    /// The data-flow edges: a parameter-free first layer (its backward runs only for the input gradient), a pool with
    /// an activation, and a trailing standalone Flatten (the output is a view; the gradient is reshaped back).
    /// </summary>
    public const string Edges = """
        using Strata;

        namespace Tests.Edges;

        /// <summary>Pool first, flatten last.</summary>
        [Model, Input(2, 6, 6)]
        public partial class Edges
        {
            [MaxPool(2), Relu]        public partial Pool2d P1 { get; }
            [Conv(3, 3, bias: false)] public partial Conv2d C2 { get; }
            [Flatten]                 public partial Flatten F3 { get; }
        }
        """;

    /// <summary>A multi-layer perceptron whose first layer flattens the model input itself.</summary>
    public const string Mlp = """
        using Strata;

        namespace Tests.Mlp;

        /// <summary>Flatten the input, then two dense layers.</summary>
        [Model, Input(1, 4, 4)]
        public partial class Mlp
        {
            [Flatten, Dense(5), Tanh] public partial Dense Hidden { get; }
            [Dense(2)]                public partial Dense Out { get; }
        }
        """;

    /// <summary>
    /// Dropout in every position: on the model input (parameter-free first layer), after a conv, on a flat view after
    /// a standalone Flatten (with the default p), and last (its gradient is the caller's gradOutput).
    /// </summary>
    public const string Dropout = """
        using Strata;

        namespace Tests.Regularization;

        /// <summary>Dropout around a conv and a dense layer.</summary>
        [Model, Input(2, 5, 5)]
        public partial class Regularized
        {
            [Dropout(0.25)]    public partial Dropout InputDrop { get; }
            [Conv(3, 3), Relu] public partial Conv2d C1 { get; }
            [Dropout(0.5)]     public partial Dropout D1 { get; }
            [Flatten]          public partial Flatten F { get; }
            [Dropout]          public partial Dropout D2 { get; }
            [Dense(4)]         public partial Dense Out { get; }
            [Dropout(0.1)]     public partial Dropout OutDrop { get; }
        }
        """;

    /// <summary>
    /// d2l's AlexNet (chapter 8.1) on 224×224 Fashion-MNIST: its first conv and all three pools leave rows unused,
    /// which PyTorch floors silently, so STRATA0011 must stay an Info and the model must build under TreatWarningsAsErrors.
    /// </summary>
    public const string AlexNet = """
        using Strata;

        namespace Textbook;

        /// <summary>AlexNet as in Dive into Deep Learning, for one input channel and 10 classes.</summary>
        [Model, Input(1, 224, 224)]
        public partial class AlexNet
        {
            [Conv(96, 11, stride: 4, pad: 1), Relu] public partial Conv2d C1 { get; }
            [MaxPool(3, stride: 2)]                 public partial Pool2d P1 { get; }
            [Conv(256, 5, pad: 2), Relu]            public partial Conv2d C2 { get; }
            [MaxPool(3, stride: 2)]                 public partial Pool2d P2 { get; }
            [Conv(384, 3, pad: 1), Relu]            public partial Conv2d C3 { get; }
            [Conv(384, 3, pad: 1), Relu]            public partial Conv2d C4 { get; }
            [Conv(256, 3, pad: 1), Relu]            public partial Conv2d C5 { get; }
            [MaxPool(3, stride: 2)]                 public partial Pool2d P5 { get; }
            [Flatten, Dense(4096), Relu]            public partial Dense F6 { get; }
            [Dropout(0.5)]                          public partial Dropout D6 { get; }
            [Dense(4096), Relu]                     public partial Dense F7 { get; }
            [Dropout(0.5)]                          public partial Dropout D7 { get; }
            [Dense(10)]                             public partial Dense Out { get; }
        }
        """;

    /// <summary>A CRNN: convs, the image's columns as a sequence of fixed length, a bidirectional LSTM and a per-step Dense.</summary>
    public const string Crnn = """
        using Strata;

        namespace Tests.Crnn;

        /// <summary>Convs over a text line, columns as steps, a bidirectional LSTM and per-step class scores.</summary>
        [Model, Input(1, 8, 12)]
        public partial class Crnn
        {
            [Conv(4, 3, pad: 1), Relu]       public partial Conv2d C1 { get; }
            [MaxPool(2)]                     public partial Pool2d P1 { get; }
            [Conv(3, 3, pad: 1), Relu]       public partial Conv2d C2 { get; }
            [ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }
            [Lstm(6, Bidirectional = true)]  public partial Lstm Rnn { get; }
            [Dense(5)]                       public partial Dense Out { get; }
        }
        """;
}
