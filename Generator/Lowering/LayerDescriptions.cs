using System.Globalization;
using System.Text;
using Strata.Generator.Model;

namespace Strata.Generator.Lowering
{
    /// <summary>One-line descriptions and forward FLOP counts of layers, for the summary and the doc comments.</summary>
    internal static class LayerDescriptions
    {
        public static string Describe(ShapedLayer layer)
        {
            var spec = layer.Spec;
            var text = new StringBuilder();
            switch (spec.Kind)
            {
                case LayerKind.Conv:
                    text.Append(Format("Conv {0}×{1}", layer.KernelHeight, layer.KernelWidth));
                    AppendWindow(text, layer, defaultStride: 1);
                    AppendBias(text, spec);
                    break;
                case LayerKind.MaxPool:
                case LayerKind.AvgPool:
                    text.Append(Format("{0} {1}×{1}", spec.Kind == LayerKind.MaxPool ? "MaxPool" : "AvgPool", layer.KernelHeight));
                    AppendWindow(text, layer, defaultStride: layer.KernelHeight);
                    if (spec.Kind == LayerKind.AvgPool && layer.Pad > 0 && !spec.CountIncludePad)
                    {
                        text.Append(", padding not counted");
                    }

                    break;
                case LayerKind.Dense:
                    text.Append(spec.FlattenFirst ? "Flatten, " : string.Empty);
                    text.Append(Format("Dense {0}→{1}", layer.Input.Elements, layer.Output[0]));
                    AppendBias(text, spec);
                    break;
                case LayerKind.Dropout:
                    text.Append(Format("Dropout p={0}", ((float)spec.Probability!.Value).ToString("R", CultureInfo.InvariantCulture)));
                    break;
                default:
                    text.Append("Flatten");
                    break;
            }

            if (spec.Activation != ActivationKind.Identity)
            {
                text.Append(", ").Append(ActivationName(spec.Activation));
            }

            return text.ToString();
        }

        public static long Flops(ShapedLayer layer)
        {
            var output = (long)layer.Output.Elements;
            return layer.Spec.Kind switch
            {
                LayerKind.Conv => 2L * layer.Input[0] * layer.KernelHeight * layer.KernelWidth * output,
                LayerKind.MaxPool or LayerKind.AvgPool => (long)layer.KernelHeight * layer.KernelWidth * output,
                LayerKind.Dense => 2L * layer.Input.Elements * output,
                LayerKind.Dropout => output,
                _ => 0,
            };
        }

        public static string ActivationName(ActivationKind activation) => activation switch
        {
            ActivationKind.Relu => "ReLU",
            ActivationKind.Sigmoid => "Sigmoid",
            ActivationKind.Tanh => "Tanh",
            ActivationKind.Relu6 => "ReLU6",
            _ => "Identity",
        };

        private static void AppendWindow(StringBuilder text, ShapedLayer layer, int defaultStride)
        {
            if (layer.Stride != defaultStride)
            {
                text.Append(Format(", stride {0}", layer.Stride));
            }

            if (layer.Pad != 0)
            {
                text.Append(Format(", pad {0}", layer.Pad));
            }
        }

        private static void AppendBias(StringBuilder text, LayerSpec spec)
        {
            if (!spec.Bias)
            {
                text.Append(", no bias");
            }
        }

        private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
