using System;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// What a layer definition writes one operation's Forward or Backward with: the operation, the device, the C#
    /// expressions of its tensors and gradients inside the generated methods (whose locals are <c>input</c>,
    /// <c>gradOutput</c>, <c>plan</c>, <c>batch</c>, and for sequence models <c>steps</c>, <c>state</c> and
    /// <c>carried</c>), and the lines themselves.
    /// </summary>
    internal sealed class OpWriter
    {
        private readonly IndentedWriter _writer;

        public OpWriter(IndentedWriter writer, Op op, Target target)
        {
            _writer = writer;
            Op = op;
            Target = target;
        }

        /// <summary>A writer for another operation (a folded one, say) into the same output.</summary>
        public OpWriter(OpWriter other, Op op)
            : this(other._writer, op, other.Target)
        {
        }

        public Op Op { get; }

        public Target Target { get; }

        /// <summary>The input tensor.</summary>
        public string X => TensorExpressions.Value(Op.X);

        /// <summary>The output tensor.</summary>
        public string Y => TensorExpressions.Value(Op.Y);

        /// <summary>The gradient of the output, which backward may overwrite.</summary>
        public string GradY => TensorExpressions.Gradient(Op.Y);

        /// <summary>The gradient of the input, as a kernel's optional dx argument: null when nothing upstream needs it.</summary>
        public string GradXArgument => Op.X.Need switch
        {
            InputGradientNeed.Always => TensorExpressions.Gradient(Op.X),
            InputGradientNeed.WhenRequested => "inputGradient ? " + TensorExpressions.Gradient(Op.X) + " : null",
            _ => "null",
        };

        /// <summary>The gradient of the input, for kernels that always write it.</summary>
        public string GradX => TensorExpressions.Gradient(Op.X);

        /// <summary>The rows a per-row kernel sees in <paramref name="tensor"/>: batch, or batch · steps for a sequence.</summary>
        public static string Rows(TensorRef tensor) => tensor.Shape.IsSequence ? "batch * " + Steps(tensor.Shape) : "batch";

        /// <summary>
        /// The step count of a sequence tensor in the generated methods: the local <c>steps</c> of a sequence model, or
        /// the literal of a sequence made from an image by [ToSequence], whose step count is fixed at build time.
        /// </summary>
        public static string Steps(Shape shape) => shape.HasStaticSteps ? Literals.Int(shape.Steps) : shape.Time is { } time ? time + "Steps" : "steps";

        /// <summary>
        /// Each sequence's valid length as the runtime's recurrent kernels take it: the plan's <c>Lengths</c> of a sequence
        /// model, or null (every sequence full) for one of a fixed step count.
        /// </summary>
        public static string Lengths(Shape shape, string plan) => shape.HasStaticSteps ? "null" : plan + LengthsField(shape.Time);

        /// <summary>The plan's lengths of a time axis: <c>Lengths</c> for the first input's, <c>TargetLengths</c> for the second input <c>target</c>'s.</summary>
        public static string LengthsField(string? time) => time is null ? "Lengths" : char.ToUpperInvariant(time[0]) + time.Substring(1) + "Lengths";

        /// <summary>The plan's step count of a time axis: <c>Steps</c>, or <c>TargetSteps</c> for the second input <c>target</c>'s.</summary>
        public static string StepsField(string? time) => time is null ? "Steps" : char.ToUpperInvariant(time[0]) + time.Substring(1) + "Steps";

        /// <summary>The field holding one of the layer's parameters, e.g. <c>_c1Weight</c> for "Weight".</summary>
        public string Parameter(string suffix) => Op.Field + suffix;

        /// <summary>
        /// Where backward writes a parameter's gradient: its <c>Grad</c>, or null when it is frozen
        /// (<c>Parameter.IsFrozen</c>), which the kernel then neither computes nor writes.
        /// </summary>
        public string ParameterGradient(string suffix) => $"({Parameter(suffix)}.IsFrozen ? null : {Parameter(suffix)}.Grad)";

        public void Line(string text) => _writer.Line(text);

        /// <summary>Opens a braced block under <paramref name="header"/>, closed when the result is disposed.</summary>
        public IDisposable Block(string header) => _writer.Block(header);

        /// <summary>
        /// Writes a backward call that only matters for the gradient of the input (a layer without parameters): always,
        /// under <c>if (inputGradient)</c>, or not at all (token ids).
        /// </summary>
        public void WhenInputGradientNeeded(Action writeCall) => WhenGradientNeeded(Op.X, writeCall);

        /// <summary>Writes a call that only produces <paramref name="input"/>'s gradient, as needed (see <see cref="WhenInputGradientNeeded"/>).</summary>
        public void WhenGradientNeeded(TensorRef input, Action writeCall)
        {
            switch (input.Need)
            {
                case InputGradientNeed.Always:
                    writeCall();
                    break;
                case InputGradientNeed.WhenRequested:
                    using (_writer.Block("if (inputGradient)"))
                    {
                        writeCall();
                    }

                    break;
                default:
                    Line("// Nothing upstream has a gradient.");
                    break;
            }
        }
    }
}
