using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// The names a layer argument expression may read where it is written: the block's parameters and
    /// <c>inChannels</c> (only <c>inChannels</c> in a model). Reads an expression, reporting STRATA0065 for one that
    /// does not parse or reads another name.
    /// </summary>
    internal sealed class ExpressionNames
    {
        /// <summary>The channels of the input of the block or model, <c>Strata.Graph.InChannels</c>.</summary>
        public const string InChannels = "inChannels";

        private readonly IReadOnlyList<string> _parameters;
        private readonly List<DiagnosticInfo> _diagnostics;

        public ExpressionNames(IReadOnlyList<string> parameters, List<DiagnosticInfo> diagnostics)
        {
            _parameters = parameters;
            _diagnostics = diagnostics;
        }

        /// <summary>How many expressions failed to read: a layer with one cannot be checked.</summary>
        public int Failures { get; private set; }

        /// <summary>The expression <paramref name="text"/> written on <paramref name="layer"/>, or null after reporting why not.</summary>
        public Expression? Read(string text, string layer, SourceLocation location)
        {
            var expression = ExpressionParser.Parse(text, out var error);
            var unknown = expression?.Names().FirstOrDefault(name => name != InChannels && !_parameters.Contains(name));
            if (expression is not null && unknown is null)
            {
                return expression;
            }

            Failures++;
            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidExpression,
                location,
                text,
                layer,
                error ?? $"'{unknown}' is not {(_parameters.Count == 0 ? "a name it can read" : "a parameter of the block")}",
                Known()));
            return null;
        }

        private string Known()
        {
            var names = _parameters.Select(name => "'" + name + "'").Concat(new[] { "'" + InChannels + "' (Graph.InChannels)" }).ToList();
            return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
        }
    }
}
