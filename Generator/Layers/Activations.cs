using System.Text;
using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary>The activation attributes users write beside a layer, and how the summary names them.</summary>
    internal static class Activations
    {
        /// <summary>The activation of the attribute type named <paramref name="attributeTypeName"/> (<c>ReluAttribute</c>); null when it is none.</summary>
        public static ActivationKind? ForAttribute(string attributeTypeName) => attributeTypeName switch
        {
            "ReluAttribute" => ActivationKind.Relu,
            "SigmoidAttribute" => ActivationKind.Sigmoid,
            "TanhAttribute" => ActivationKind.Tanh,
            "Relu6Attribute" => ActivationKind.Relu6,
            "LeakyReluAttribute" => ActivationKind.LeakyRelu,
            _ => null,
        };

        public static string Name(ActivationKind activation) => activation switch
        {
            ActivationKind.Identity => "Identity",
            ActivationKind.Relu => "ReLU",
            ActivationKind.Sigmoid => "Sigmoid",
            ActivationKind.Tanh => "Tanh",
            ActivationKind.Relu6 => "ReLU6",
            ActivationKind.LeakyRelu => "LeakyReLU",
            _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "an activation without a summary name"),
        };

        /// <summary>Appends ", ReLU" (or the layer's activation) unless it has none, and returns the text.</summary>
        public static string Append(StringBuilder text, LayerSpec spec)
        {
            if (spec.Activation != ActivationKind.Identity)
            {
                text.Append(", ").Append(Name(spec.Activation));
            }

            if (spec.NegativeSlope is { } slope)
            {
                text.Append('(').Append(((float)slope.Value).ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(')');
            }

            return text.ToString();
        }
    }
}
