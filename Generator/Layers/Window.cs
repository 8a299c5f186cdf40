using System.Globalization;
using System.Text;
using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary>How the summary describes a sliding window's stride and padding (convolution and pooling).</summary>
    internal static class Window
    {
        public static void Append(StringBuilder text, ShapedLayer layer, int defaultStride)
        {
            if (layer.Stride != defaultStride)
            {
                text.Append(string.Format(CultureInfo.InvariantCulture, ", stride {0}", layer.Stride));
            }

            if (layer.Pad != 0)
            {
                text.Append(string.Format(CultureInfo.InvariantCulture, ", pad {0}", layer.Pad));
            }
        }
    }
}
