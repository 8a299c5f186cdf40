using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;
using Strata.Generator.Shapes;

namespace Strata.Generator.Parsing
{
    /// <summary>Reads <c>[Input(...)]</c> from the model class.</summary>
    internal static class InputParser
    {
        /// <summary>
        /// The input spec; null when it is missing (reported here) or does not bind (the compiler reports that,
        /// and <paramref name="compilerError"/> is set).
        /// </summary>
        public static InputSpec? Parse(INamedTypeSymbol model, SourceLocation classLocation, List<DiagnosticInfo> diagnostics, out bool compilerError)
        {
            compilerError = false;
            foreach (var data in model.GetAttributes())
            {
                var type = data.AttributeClass;
                if (type is null || type.Name != "InputAttribute" || type.ContainingNamespace?.ToDisplayString() != "Strata")
                {
                    continue;
                }

                var arguments = AttributeArguments.TryRead(data);
                var dimensions = arguments?.ParamsInts("shape");
                if (arguments is null || dimensions is null)
                {
                    compilerError = true;
                    return null;
                }

                var location = arguments.Location;
                if (SequenceInput.IsSequence(dimensions))
                {
                    if (SequenceInput.Read(dimensions, out var problem, out var problemLocation) is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSequenceInput, problemLocation, model.Name, problem!));
                    }

                    return new InputSpec(dimensions.ToEquatableArray(), location);
                }

                if (dimensions.Count == 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyInput, location, model.Name));
                }

                for (var i = 0; i < dimensions.Count; i++)
                {
                    if (dimensions[i].Value < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.NonPositiveInputDimension, dimensions[i].Location, model.Name, i + 1, dimensions[i].Value));
                    }
                }

                return new InputSpec(dimensions.ToEquatableArray(), location);
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, classLocation, model.Name));
            return null;
        }
    }
}
