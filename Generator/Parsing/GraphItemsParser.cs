using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Reads the properties of a model or block class in declaration order, the data flow: layer properties and block
    /// uses, up to the first one that cannot be read.
    /// </summary>
    internal static class GraphItemsParser
    {
        /// <summary>The items; <paramref name="parameters"/> are the block's, which argument expressions may read (none for a model).</summary>
        public static List<GraphItem> Parse(
            TypeDeclarationSyntax syntax,
            SemanticModel semanticModel,
            IReadOnlyList<string> parameters,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken,
            out bool complete,
            out bool emittable)
        {
            var names = new ExpressionNames(parameters, diagnostics);
            var items = new List<GraphItem>();
            complete = true;
            emittable = true;
            foreach (var propertySyntax in syntax.Members.OfType<PropertyDeclarationSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (semanticModel.GetDeclaredSymbol(propertySyntax, cancellationToken) is not IPropertySymbol property)
                {
                    continue;
                }

                GraphItem? item;
                if (BlockUseParser.BlockType(property.Type, out var isArray) is { } block)
                {
                    item = BlockUseParser.Parse(propertySyntax, property, block, isArray, semanticModel, parameters, diagnostics);
                    complete &= item is not null;
                }
                else
                {
                    var parsed = LayerPropertyParser.Parse(propertySyntax, property, diagnostics, names);
                    item = parsed.Layer;
                    complete &= parsed.Outcome is LayerParseOutcome.Layer or LayerParseOutcome.NotALayer;
                    emittable &= parsed.Outcome != LayerParseOutcome.CompilerError;
                }

                if (item is null)
                {
                    continue;
                }

                if (items.Any(earlier => earlier.ItemName == item.ItemName))
                {
                    // A duplicate member is the compiler's CS0102; generating for it would only add errors.
                    emittable = false;
                }
                else if (complete)
                {
                    items.Add(item);
                }
            }

            return items;
        }
    }
}
