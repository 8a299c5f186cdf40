using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// Where the generated backward tells the model's <c>IGradientReadyListener</c> that a layer's parameter gradients are
    /// final: right after the backward of the last operation (in backward order, so the first in data-flow order) that
    /// writes them, one line per layer with parameters, <c>_gradientReadyListener?.GradientsReady(first: 4, count: 2);</c>,
    /// where <c>first</c> indexes <c>Parameters</c> (declaration order, layer by layer). A layer with parameters but no
    /// operation (none today) is reported at the end, so every parameter is reported exactly once.
    /// </summary>
    internal sealed class GradientReadiness
    {
        public const string Field = "_gradientReadyListener";

        private readonly LoweredModel _model;
        private readonly Dictionary<string, int> _first = new Dictionary<string, int>();
        private readonly Dictionary<string, int> _lastOp = new Dictionary<string, int>();
        private readonly HashSet<string> _reported = new HashSet<string>();

        public GradientReadiness(LoweredModel model)
        {
            _model = model;
            var index = 0;
            foreach (var layer in model.Layers)
            {
                _first[layer.Name] = index;
                index += layer.Parameters.Count;
            }

            for (var i = model.Ops.Count - 1; i >= 0; i--)
            {
                _lastOp[model.Ops[i].Layer] = i;
            }
        }

        /// <summary>After the backward of operation <paramref name="op"/>: reports its layer when no earlier operation writes its gradients.</summary>
        public void After(IndentedWriter writer, int op)
        {
            var name = _model.Ops[op].Layer;
            if (_lastOp[name] == op)
            {
                Report(writer, _model.Layers.FirstOrDefault(layer => layer.Name == name));
            }
        }

        /// <summary>At the end of backward: the layers with parameters that no operation reported.</summary>
        public void Rest(IndentedWriter writer)
        {
            foreach (var layer in _model.Layers.Reverse().Where(layer => !_reported.Contains(layer.Name) && layer.Parameters.Count > 0))
            {
                Report(writer, layer);
            }
        }

        private void Report(IndentedWriter writer, LayerPlan? layer)
        {
            if (layer is null || layer.Parameters.Count == 0 || !_reported.Add(layer.Name))
            {
                return;
            }

            writer.Line($"{Field}?.GradientsReady(first: {Literals.Int(_first[layer.Name])}, count: {Literals.Int(layer.Parameters.Count)});");
        }
    }
}
