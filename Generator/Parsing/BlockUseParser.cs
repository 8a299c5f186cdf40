using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Reads a property that holds a <c>[Block]</c> class or an array of one into a <see cref="BlockUse"/>, from its
    /// initializer: <c>new(...)</c>, a collection of them, or <c>Blocks.Repeat(count, i =&gt; new(...))</c>. Each argument
    /// must be known at build time: a constant, a parameter of the enclosing block, or the repeat index.
    /// </summary>
    internal static class BlockUseParser
    {
        public const string BlockAttributeName = "Strata.BlockAttribute";

        /// <summary>The block class a property holds (alone or as an array), or null when it holds no block.</summary>
        public static INamedTypeSymbol? BlockType(ITypeSymbol type, out bool isArray)
        {
            isArray = type is IArrayTypeSymbol;
            var element = type is IArrayTypeSymbol array ? array.ElementType : type;
            return element is INamedTypeSymbol named && IsBlock(named) ? named : null;
        }

        public static bool IsBlock(INamedTypeSymbol type) =>
            type.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == BlockAttributeName);

        /// <summary>
        /// The use, or null after reporting why it cannot be read. <paramref name="names"/> are the enclosing block's
        /// parameters, which the arguments may read.
        /// </summary>
        public static BlockUse? Parse(
            PropertyDeclarationSyntax syntax,
            IPropertySymbol property,
            INamedTypeSymbol block,
            bool isArray,
            SemanticModel semanticModel,
            IReadOnlyCollection<string> names,
            List<DiagnosticInfo> diagnostics)
        {
            var location = SourceLocation.Of(syntax.Identifier);
            var from = property.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == "Strata.FromAttribute")
                .Select(a => AttributeArguments.TryRead(a)?.ConstructorString("layer"))
                .FirstOrDefault();
            var use = new BlockUse(property.Name, block.ToDisplayString(), block.Name, location, isArray, EquatableArray<BlockCall>.Empty, null, null, from);
            if (syntax.Initializer is not { } initializer)
            {
                var why = syntax.ExpressionBody is not null ? "through an expression body, which would make new blocks at every read" : "without an initializer";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BlockUseForm, location, property.Name, block.Name, why));
                return null;
            }

            var operation = OperationExpressions.Unwrap(semanticModel.GetOperation(initializer.Value));
            var reported = diagnostics.Count;
            if (!isArray && operation is IObjectCreationOperation single)
            {
                return Call(single, use, names, diagnostics) is { } call ? use with { Calls = EquatableArray.Create(call) } : null;
            }

            if (isArray && Elements(operation) is { } elements && elements.Count > 0)
            {
                var calls = elements.Select(element => Call(element, use, names, diagnostics)).ToList();
                return calls.Any(call => call is null) ? null : use with { Calls = calls.Select(call => call!).ToEquatableArray() };
            }

            if (isArray && operation is IInvocationOperation { TargetMethod: { Name: "Repeat", ContainingType: var container } } repeat
                && container.ToDisplayString() == "Strata.Blocks"
                && repeat.Arguments.Length == 2
                && OperationExpressions.Unwrap(repeat.Arguments[1].Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                && lambda.Symbol.Parameters.Length == 1
                && Returned(lambda.Body) is IObjectCreationOperation made)
            {
                var index = lambda.Symbol.Parameters[0].Name;
                var countSyntax = repeat.Arguments[0].Value.Syntax;
                var count = OperationExpressions.Read(repeat.Arguments[0].Value, names);
                if (count is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.BlockArgumentNotConstant, SourceLocation.Of(countSyntax), countSyntax.ToString(), property.Name, block.Name));
                    return null;
                }

                var call = Call(made, use, names.Concat(new[] { index }).ToList(), diagnostics);
                return call is null ? null : use with
                {
                    Calls = EquatableArray.Create(call),
                    RepeatCount = new LayerArgument(0, SourceLocation.Of(countSyntax), IsExplicit: true, count),
                    RepeatIndex = index,
                };
            }

            if (diagnostics.Count == reported)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.BlockUseForm, SourceLocation.Of(initializer.Value), property.Name, block.Name, "through '" + initializer.Value + "'"));
            }

            return null;
        }

        /// <summary>The creations in a collection expression or an array initializer; null for anything else.</summary>
        private static List<IObjectCreationOperation>? Elements(IOperation? operation)
        {
            IEnumerable<IOperation>? elements = operation switch
            {
                ICollectionExpressionOperation collection => collection.Elements,
                IArrayCreationOperation { Initializer: { } arrayInitializer } => arrayInitializer.ElementValues,
                _ => null,
            };
            var creations = elements?.Select(OperationExpressions.Unwrap).ToList();
            return creations is null || creations.Any(element => element is not IObjectCreationOperation)
                ? null
                : creations.Cast<IObjectCreationOperation>().ToList();
        }

        /// <summary>What a lambda returns, whether it has an expression body or a block with one return.</summary>
        private static IOperation? Returned(IBlockOperation body) =>
            body.Operations.Length == 1 && body.Operations[0] is IReturnOperation { ReturnedValue: { } value } ? OperationExpressions.Unwrap(value) : null;

        private static BlockCall? Call(IObjectCreationOperation creation, BlockUse use, IReadOnlyCollection<string> names, List<DiagnosticInfo> diagnostics)
        {
            if (creation.Type?.ToDisplayString() != use.Block)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.BlockUseForm, SourceLocation.Of(creation.Syntax), use.Name, use.BlockName, "through '" + creation.Syntax + "', which makes a " + creation.Type?.Name));
                return null;
            }

            if (creation.Initializer is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.BlockUseForm, SourceLocation.Of(creation.Initializer.Syntax), use.Name, use.BlockName, "with an object initializer, which Strata cannot follow"));
                return null;
            }

            var arguments = new List<BlockArgument>();
            foreach (var argument in creation.Arguments)
            {
                var value = OperationExpressions.Read(argument.Value, names);
                var syntax = argument.ArgumentKind == ArgumentKind.DefaultValue ? creation.Syntax : argument.Value.Syntax;
                if (value is null || argument.Parameter is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.BlockArgumentNotConstant, SourceLocation.Of(syntax), syntax.ToString(), use.Name, use.BlockName));
                    return null;
                }

                arguments.Add(new BlockArgument(argument.Parameter.Name, value, SourceLocation.Of(syntax)));
            }

            return new BlockCall(arguments.ToEquatableArray(), SourceLocation.Of(creation.Syntax));
        }
    }
}
