using System.Collections.Generic;
using System.Text;
using Strata.Generator.Emit;
using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// The <c>weight</c> and optional <c>bias</c> of Conv, ConvTranspose and Dense, both drawn from U(−1/√fanIn, 1/√fanIn) as
    /// in PyTorch, and the forward and backward calls their kernels share.
    /// </summary>
    internal static class WeightAndBias
    {
        /// <summary>The weight, and a bias of <paramref name="biasSize"/> values (the weight's first dimension when left out).</summary>
        public static IEnumerable<ParameterPlan> Of(LayerSpec spec, string field, Shape weight, int fanIn, int? biasSize = null)
        {
            yield return new ParameterPlan(spec.Name + ".weight", field + "Weight", weight, fanIn);
            if (spec.Bias)
            {
                yield return new ParameterPlan(spec.Name + ".bias", field + "Bias", Shape.Of(biasSize ?? weight[0]), fanIn);
            }
        }

        public static IEnumerable<ReservedField> Fields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "Weight", $"the private field that holds {spec.Name}.weight");
            if (spec.Bias)
            {
                yield return new ReservedField(field + "Bias", $"the private field that holds {spec.Name}.bias");
            }
        }

        /// <summary>The handle's (weight, bias) arguments; null for a layer without bias.</summary>
        public static string HandleArguments(IReadOnlyList<ParameterPlan> parameters) =>
            parameters[0].Field + ", " + (parameters.Count > 1 ? parameters[1].Field : "null");

        /// <summary>
        /// The forward call every weight-and-bias kernel takes: <c>{Kernel}.Forward&lt;act&gt;(sizes, x, weight, bias, y)</c>
        /// (the activation as an argument on the GPU, a workspace last on the CPU).
        /// </summary>
        public static void Forward(OpWriter w, string kernel, string sizes, bool bias) =>
            Forward(w, kernel, sizes, w.Parameter("Weight") + ".Value", Bias(w, bias, "Value"));

        /// <summary>
        /// The forward call with the given weight and bias expressions (a folded weight, say), and a residual connection's
        /// other input to add before the activation when <paramref name="residual"/> is not null.
        /// </summary>
        public static void Forward(OpWriter w, string kernel, string sizes, string weight, string bias, string? residual = null) =>
            w.Line(
                $"{w.Target.Kernel(kernel)}.Forward{w.Target.GenericActivation(w.Op.Epilogue)}({sizes}, {w.Target.ActivationArgument(w.Op.Epilogue)}" +
                $"{w.X}, {weight}, {bias}, {w.Y}{w.Target.Workspace()}{(residual is null ? string.Empty : ", residual: " + residual)});");

        /// <summary>
        /// Its backward call: <c>(sizes, x, weight, y, dy, dx, dWeight, dBias)</c>, with null for the gradient of a frozen
        /// parameter (<c>Parameter.IsFrozen</c>), which the kernel then neither computes nor writes.
        /// </summary>
        public static void Backward(OpWriter w, string kernel, string sizes, bool bias) =>
            w.Line(
                $"{w.Target.Kernel(kernel)}.Backward{w.Target.GenericActivation(w.Op.Epilogue)}({sizes}, {w.Target.ActivationArgument(w.Op.Epilogue)}" +
                $"{w.X}, {w.Parameter("Weight")}.Value, {w.Y}, {w.GradY}, {w.GradXArgument}, {w.ParameterGradient("Weight")}, " +
                $"{(bias ? w.ParameterGradient("Bias") : "null")}{w.Target.Workspace()});");

        public static void AppendNoBias(StringBuilder text, LayerSpec spec)
        {
            if (!spec.Bias)
            {
                text.Append(", no bias");
            }
        }

        private static string Bias(OpWriter w, bool bias, string member) => bias ? w.Parameter("Bias") + "." + member : "null";
    }
}
