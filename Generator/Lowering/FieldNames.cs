using System.Collections.Generic;

namespace Strata.Generator.Lowering
{
    /// <summary>
    /// Gives each layer a private field stem (<c>C1</c> → <c>_c1</c>) that collides neither with another layer's nor
    /// with the fields every generated model has.
    /// </summary>
    internal sealed class FieldNames
    {
        private readonly HashSet<string> _taken = new()
        {
            "_workspace", "_plan", "_input", "_parameters", "_isTraining",
            "_dropoutRandom", "_state", "_stateValid", "_guard", "_replicas", "_carryState",
        };

        public string StemFor(string layerName)
        {
            var stem = "_" + char.ToLowerInvariant(layerName[0]) + Model.Identifiers.Of(layerName.Substring(1));
            var candidate = stem;
            for (var suffix = 2; !_taken.Add(candidate); suffix++)
            {
                candidate = stem + suffix;
            }

            return candidate;
        }
    }
}
