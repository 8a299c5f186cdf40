using System.Globalization;
using Strata.Generator.Model;

namespace Strata.Generator.Emit.Sequence
{
    /// <summary>
    /// The C# expressions for the tensors of a sequence model inside its generated methods, whose locals are
    /// <c>input</c>, <c>gradOutput</c>, <c>plan</c>, <c>state</c>, <c>batch</c>, <c>steps</c> and <c>inputGradient</c>.
    /// </summary>
    internal static class SequenceTensors
    {
        public static string Output(SequenceOp op) => "plan." + op.Layer + "Output";

        public static string OutputGradient(SequenceOp op) => op.IsOutput ? "gradOutput" : "plan." + op.Layer + "OutputGrad";

        public static string Input(SequenceOp op) => op.Source is null ? "input" : "plan." + op.Source + "Output";

        /// <summary>The dx argument: null when nothing before the operation needs it.</summary>
        public static string InputGradient(SequenceOp op)
        {
            var gradient = op.Source is null ? "plan.InputGrad" : "plan." + op.Source + "OutputGrad";
            return op.InputGradient switch
            {
                InputGradientNeed.Always => gradient,
                InputGradientNeed.WhenRequested => "inputGradient ? " + gradient + " : null",
                _ => "null",
            };
        }

        /// <summary>Whether recurrent layer <paramref name="layer"/> writes straight into the operation's output.</summary>
        public static bool WritesOutput(SequenceOp op, int layer) => layer == op.Layers - 1 && op.OutputPerStep;

        /// <summary>The output sequence of recurrent layer <paramref name="layer"/>, [batch, steps, D·H].</summary>
        public static string LayerOutput(SequenceOp op, int layer) =>
            WritesOutput(op, layer) ? Output(op) : "plan." + op.Layer + "L" + Int(layer);

        public static string LayerOutputGradient(SequenceOp op, int layer) =>
            WritesOutput(op, layer) ? OutputGradient(op) : "plan." + op.Layer + "L" + Int(layer) + "Grad";

        /// <summary>
        /// The plan's dropout mask on the output of recurrent layer <paramref name="layer"/> (not the last), a plan
        /// member; its host copy is <see cref="DropoutNames.HostMask"/> of the same stem.
        /// </summary>
        public static string MaskStem(SequenceOp op, int layer) => op.Layer + "L" + Int(layer);

        /// <summary>Whether dropout acts on the output of recurrent layer <paramref name="layer"/>: every layer but the last.</summary>
        public static bool DropsAfter(SequenceOp op, int layer) => op.DropsBetweenLayers && layer < op.Layers - 1;

        /// <summary>The name of what a direction saves for backward, a plan member.</summary>
        public static string Saved(SequenceOp op, int layer, int direction) => op.Layer + "L" + Int(layer) + "D" + Int(direction) + "Saved";

        /// <summary>The name of a direction's carried hidden (or LSTM cell) state, a member of the state holder.</summary>
        public static string State(SequenceOp op, int layer, int direction, string which) => op.Layer + "L" + Int(layer) + "D" + Int(direction) + which;

        /// <summary>The name of a direction's options (walk direction, lengths, output columns), a plan member.</summary>
        public static string Options(SequenceOp op, int direction) => op.Layer + (direction == 1 ? "Reverse" : "Forward");

        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
