using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>Reads <c>[Ctc(maxLabelLength)]</c> from the model class; the shape checker then checks the output against it.</summary>
    internal static class CtcParser
    {
        /// <summary>
        /// The declaration, or null when there is none, it does not bind (a compiler error) or its length is not positive
        /// (reported here).
        /// </summary>
        public static CtcSpec? Parse(INamedTypeSymbol model, List<DiagnosticInfo> diagnostics)
        {
            foreach (var data in model.GetAttributes())
            {
                var type = data.AttributeClass;
                if (type is null || type.Name != "CtcAttribute" || type.ContainingNamespace?.ToDisplayString() != "Strata")
                {
                    continue;
                }

                if (AttributeArguments.TryRead(data) is not { } arguments || arguments.ConstructorInt("maxLabelLength") is not { } length)
                {
                    return null;
                }

                if (length.Value < 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CtcLabelLengthNotPositive, length.Location, model.Name, length.Value));
                    return null;
                }

                return new CtcSpec(length, arguments.Location);
            }

            return null;
        }
    }
}
