using System.Collections.Generic;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;

namespace Strata.Generator.Activations
{
    /// <summary>
    /// Everything the generator knows about one activation attribute (<c>[Relu]</c>, <c>[LeakyRelu(0.2)]</c>), in one
    /// file per activation, reached through <see cref="ActivationRegistry"/>: reading its arguments and their
    /// diagnostics, its summary name, how it runs (fused into its layer's epilogue, or as an in-place pass after it) and
    /// its ONNX node.
    /// </summary>
    internal abstract class ActivationDefinition
    {
        /// <summary>The name users write, without <c>Attribute</c> (<c>Relu</c>); the runtime's CPU struct is <c>{Name}Activation</c>.</summary>
        public abstract string Name { get; }

        /// <summary>How the summary and messages name it, as PyTorch prints it (<c>ReLU</c>).</summary>
        public abstract string SummaryName { get; }

        /// <summary>
        /// Whether it fuses into a layer's epilogue: the CPU kernels take it as the generic struct
        /// <c>Strata.Cpu.{Name}Activation</c>, the GPU kernels as <c>Strata.Gpu.DenseActivation.{Name}</c>. An activation
        /// with arguments cannot ride in a struct type, so it runs in place after its layer instead.
        /// </summary>
        public virtual bool Fuses => true;

        /// <summary>The activation as written; null (with diagnostics, or for a compiler error) when it cannot be used.</summary>
        public virtual Activation? Read(AttributeArguments arguments, string property, List<DiagnosticInfo> diagnostics) => new(Name, NoActivationArgs.Instance);

        /// <summary>The summary text after the layer's own (<c>, ReLU</c>).</summary>
        public virtual string Describe(Activation activation) => ", " + SummaryName;

        /// <summary>The in-place forward pass over the layer's output, for an activation that does not fuse.</summary>
        public virtual void ForwardInPlace(OpWriter w, Activation activation)
        {
        }

        /// <summary>The in-place backward pass: turns the gradient of its output into that of the layer's output.</summary>
        public virtual void BackwardInPlace(OpWriter w, Activation activation)
        {
        }

        /// <summary>Graph-wide initializers its nodes share, written once when some layer uses it.</summary>
        public virtual void OnnxInitializers(IndentedWriter writer)
        {
        }

        /// <summary>Its ONNX node, reading <paramref name="input"/> and writing <paramref name="output"/>.</summary>
        public abstract void Onnx(IndentedWriter writer, Activation activation, string input, string output);

        /// <summary>An ONNX node: its operator, input values, output value and attribute expressions.</summary>
        protected static void Node(IndentedWriter writer, string opType, string[] inputs, string output, params string[] attributes) =>
            writer.Line(OnnxWriter.NodeLine(opType, inputs, output, attributes));
    }
}
