using System.Collections.Generic;
using System.Linq;
using System.Text;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The Keras-like summary table, computed at build time and emitted as a constant: layer, kind, output shape,
    /// parameter count and forward FLOPs per sample, with the totals at the end.
    /// </summary>
    internal static class SummaryEmitter
    {
        public static string Text(LoweredModel model) =>
            Text(model.ClassName, model.Input, model.Layers, model.IsSequence ? "Forward FLOPs per sample and step" : "Forward FLOPs per sample", model.SecondInput);

        /// <summary>The table for any model; <paramref name="flopsLabel"/> names the total (per sample, or per step of a sequence).</summary>
        public static string Text(string className, Shape input, IReadOnlyList<LayerPlan> layers, string flopsLabel, TensorRef? secondInput = null)
        {
            var rows = new List<string[]> { new[] { "Layer", "Kind", "Output shape", "Params", "FLOPs" } };
            rows.Add(new[] { "(input)", "", input.ToString(), "", "" });
            if (secondInput is not null)
            {
                rows.Add(new[] { "(" + secondInput.Name + ")", "", secondInput.Shape.ToString(), "", "" });
            }

            foreach (var layer in layers)
            {
                rows.Add(new[]
                {
                    layer.Name,
                    layer.Description,
                    layer.Output.ToString(),
                    Literals.Long(ParameterCount(layer)),
                    Literals.Long(layer.Flops),
                });
            }

            var widths = Enumerable.Range(0, 5).Select(column => rows.Max(row => row[column].Length)).ToArray();
            var rule = new string('─', widths.Sum() + (2 * (widths.Length - 1)));
            var text = new StringBuilder();
            text.Append("Model: ").Append(className).Append('\n').Append(rule).Append('\n');
            for (var r = 0; r < rows.Count; r++)
            {
                var cells = rows[r].Select((cell, column) => column >= 3 ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]));
                text.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
                if (r == 0)
                {
                    text.Append(rule).Append('\n');
                }
            }

            text.Append(rule).Append('\n');
            text.Append("Total params: ").Append(Literals.Long(layers.Sum(ParameterCount))).Append('\n');
            text.Append(flopsLabel).Append(": ").Append(Literals.Long(layers.Sum(layer => layer.Flops))).Append('\n');
            return text.ToString();
        }

        public static long ParameterCount(LayerPlan layer) => layer.Parameters.Sum(parameter => (long)parameter.Shape.Elements);
    }
}
