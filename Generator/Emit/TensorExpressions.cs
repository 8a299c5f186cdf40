using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The C# expression for a tensor of the data flow inside the generated Forward/Backward methods, whose locals are
    /// <c>input</c>, <c>gradOutput</c>, <c>plan</c> and <c>batch</c> (and <c>steps</c> for sequence models).
    /// </summary>
    internal static class TensorExpressions
    {
        /// <summary>The tensor itself (a view when it is read flat).</summary>
        public static string Value(TensorRef tensor)
        {
            if (tensor.IsModelInput)
            {
                // A view of a caller-owned tensor cannot live in the plan, so it is made per call.
                return tensor.Flat ? "input.Reshape(batch, " + Literals.Int(tensor.Shape.Elements) + ")" : "input";
            }

            return "plan." + tensor.Producer + "Output" + (tensor.Flat ? "Flat" : string.Empty);
        }

        /// <summary>The gradient of the loss with respect to the tensor.</summary>
        public static string Gradient(TensorRef tensor)
        {
            if (tensor.IsModelOutput)
            {
                return "gradOutput";
            }

            var flat = tensor.Flat ? "Flat" : string.Empty;
            return tensor.IsModelInput ? "plan.InputGrad" + flat : "plan." + tensor.Producer + "OutputGrad" + flat;
        }
    }
}
