using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The C# expression for a tensor of the data flow inside the generated Forward/Backward methods, whose locals are
    /// the model's inputs (<c>input</c>), <c>gradOutput</c>, <c>plan</c> and <c>batch</c> (and <c>steps</c> for sequence models).
    /// </summary>
    internal static class TensorExpressions
    {
        /// <summary>The tensor itself (a view when it is read flat).</summary>
        public static string Value(TensorRef tensor)
        {
            if (tensor.IsModelInput)
            {
                // A view of a caller-owned tensor cannot live in the plan, so it is made per call.
                return tensor.Flat ? tensor.Name + ".Reshape(batch, " + Literals.Int(tensor.Shape.Elements) + ")" : tensor.Name;
            }

            return "plan." + tensor.OutputBuffer + (tensor.Flat ? "Flat" : string.Empty);
        }

        /// <summary>
        /// The gradient of the loss with respect to the tensor, as this reader writes it: the gradient buffer, or its
        /// scratch twin when the reader accumulates (see <see cref="TensorRef.Accumulates"/>).
        /// </summary>
        public static string Gradient(TensorRef tensor)
        {
            if (tensor.IsModelOutput)
            {
                return "gradOutput";
            }

            return "plan." + tensor.GradientStem + (tensor.Accumulates ? "Scratch" : string.Empty) + (tensor.Flat ? "Flat" : string.Empty);
        }

        /// <summary>The gradient buffer itself, which an accumulating reader's scratch is added into.</summary>
        public static string AccumulatedGradient(TensorRef tensor) => "plan." + tensor.GradientStem + (tensor.Flat ? "Flat" : string.Empty);
    }
}
