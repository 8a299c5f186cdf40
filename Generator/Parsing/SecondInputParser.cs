using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;
using Strata.Generator.Shapes;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Reads <c>[SecondInput(name, ...)]</c> from the model class: its name must be a camelCase C# identifier that the
    /// generated Forward can take as a parameter (STRATA0088), and both inputs must be sequences (STRATA0089).
    /// </summary>
    internal static class SecondInputParser
    {
        /// <summary>Names the generated Forward, Backward and Predict bodies use for their own parameters and locals.</summary>
        private static readonly HashSet<string> Reserved = new()
        {
            "input", "lengths", "plan", "batch", "steps", "state", "carried", "gradOutput", "inputGradient", "output", "shape",
            "call", "replica", "path", "graph", "read", "random", "device", "seed", "shared", "replicas",
        };

        /// <summary>The declaration, or null when there is none, it does not bind (a compiler error) or is wrong (reported here).</summary>
        public static SecondInputSpec? Parse(INamedTypeSymbol model, InputSpec? first, List<DiagnosticInfo> diagnostics, out bool compilerError)
        {
            compilerError = false;
            foreach (var data in model.GetAttributes())
            {
                var type = data.AttributeClass;
                if (type is null || type.Name != "SecondInputAttribute" || type.ContainingNamespace?.ToDisplayString() != "Strata")
                {
                    continue;
                }

                var arguments = AttributeArguments.TryRead(data);
                var name = arguments?.ConstructorString("name");
                var dimensions = arguments?.ParamsInts("shape");
                if (arguments is null || name is null || dimensions is null)
                {
                    compilerError = true;
                    return null;
                }

                if (NameProblem(name.Name, model) is { } problem)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SecondInputInvalidName, name.Location, model.Name, name.Name, problem));
                    return null;
                }

                var firstIsSequence = first is not null && SequenceInput.IsSequence(first.Dimensions);
                var described = "(" + string.Join(", ", dimensions.Select(d => d.Value == SequenceInput.Sequence ? "Sequence" : d.Value == SequenceInput.Tokens ? "Tokens" : d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
                string? why = null;
                var location = arguments.Location;
                if (first is not null && !firstIsSequence)
                {
                    why = "an encoder–decoder model reads two sequences, each with its own steps and lengths, but [Input] is not a sequence; declare it as one, e.g. [Input(Sequence, Tokens, vocabulary)]";
                    location = first.Location;
                }
                else if (!SequenceInput.IsSequence(dimensions))
                {
                    why = "the second input " + described + " is not a sequence; declare it with its own time axis, e.g. [SecondInput(\"" + name.Name + "\", Sequence, Tokens, vocabulary)] or [SecondInput(\"" + name.Name + "\", Sequence, features)]";
                }
                else if (SequenceInput.Read(dimensions, out var sequenceProblem, out var problemLocation) is null)
                {
                    why = "the second input " + described + " " + sequenceProblem;
                    location = problemLocation ?? location;
                }

                if (why is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SecondInputNotSequence, location, model.Name, name.Name, first is null ? "(none)" : Describe(first), why));
                    return null;
                }

                return new SecondInputSpec(name, dimensions.ToEquatableArray(), arguments.Location);
            }

            return null;
        }

        private static string Describe(InputSpec input) =>
            "(" + string.Join(", ", input.Dimensions.Select(d => d.Value == SequenceInput.Sequence ? "Sequence" : d.Value == SequenceInput.Tokens ? "Tokens" : d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";

        /// <summary>Why <paramref name="name"/> cannot name the second input, or null when it can.</summary>
        private static string? NameProblem(string name, INamedTypeSymbol model)
        {
            if (name.Length == 0 || !SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
            {
                return "it becomes a parameter of Forward, so it must be a C# identifier that is not a keyword, e.g. \"target\"";
            }

            if (!char.IsLower(name[0]))
            {
                return "it becomes a parameter of Forward, so it must start with a lower-case letter, as parameters do, e.g. \"" + char.ToLowerInvariant(name[0]) + name.Substring(1) + "\"";
            }

            if (Reserved.Contains(name) || name.StartsWith("_", System.StringComparison.Ordinal))
            {
                return "the generated Forward already uses that name for its own parameters or locals; choose another, e.g. \"target\"";
            }

            if (model.GetMembers(name).Length > 0)
            {
                return "the class already has a member of that name, and [From(\"" + name + "\")] would be ambiguous; choose another, e.g. \"target\"";
            }

            return null;
        }
    }
}
