using System.Collections.Generic;
using System.Globalization;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;

namespace Strata.Generator.Activations
{
    /// <summary>
    /// <c>[LeakyRelu(negativeSlope)]</c>: max(x, 0) + slope · min(x, 0), PyTorch's LeakyReLU (default slope 0.01). Its
    /// slope cannot ride in a generic epilogue struct, so it runs as an in-place pass after its layer
    /// (<c>Strata.Cpu.LeakyReluCpu</c>, <c>Strata.Gpu.LeakyReluGpu</c>); ONNX's LeakyRelu with alpha.
    /// </summary>
    internal sealed class LeakyRelu : ActivationDefinition
    {
        public static readonly LeakyRelu Definition = new();

        private LeakyRelu()
        {
        }

        public override string Name => "LeakyRelu";

        public override string SummaryName => "LeakyReLU";

        public override bool Fuses => false;

        public override Activation? Read(AttributeArguments arguments, string property, List<DiagnosticInfo> diagnostics)
        {
            var slope = arguments.ConstructorReal("negativeSlope");
            if (slope is null)
            {
                return null;
            }

            // The backward pass takes LeakyReLU's derivative from its output, which tells x > 0 only when slope ≥ 0.
            if (!(slope.Value >= 0 && !double.IsInfinity(slope.Value)))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.NegativeSlopeOutOfRange, slope.Location, property, Text((float)slope.Value)));
                return null;
            }

            return new Activation(Name, new LeakyReluArgs((float)slope.Value));
        }

        public override string Describe(Activation activation) => $", {SummaryName}({Text(Slope(activation))})";

        public override void ForwardInPlace(OpWriter w, Activation activation) =>
            w.Line($"{w.Target.Kernel("LeakyRelu")}.ForwardInPlace({Literals.Float(Slope(activation))}, {w.Y});");

        public override void BackwardInPlace(OpWriter w, Activation activation) =>
            w.Line($"{w.Target.Kernel("LeakyRelu")}.BackwardInPlace({Literals.Float(Slope(activation))}, {w.Y}, {w.GradY});");

        public override void Onnx(IndentedWriter writer, Activation activation, string input, string output) =>
            Node(writer, "LeakyRelu", new[] { input }, output, $"{OnnxWriter.Attribute}.Float(\"alpha\", {Literals.Float(Slope(activation))})");

        private static float Slope(Activation activation) => ((LeakyReluArgs)activation.Args).NegativeSlope;

        private static string Text(float slope) => slope.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>LeakyReLU's negative slope.</summary>
    internal sealed record LeakyReluArgs(float NegativeSlope) : ActivationArgs;
}
