using System;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Lowering;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator
{
    /// <summary>
    /// Finds <c>[Model]</c> classes and runs Parse → Check → Lower → Emit. Diagnostics and source are separate outputs:
    /// the source depends only on the lowered model, which holds no locations, so edits that move code around do not
    /// regenerate it. Any unexpected failure becomes a STRATA0022 diagnostic instead of an AD0001 crash.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class StrataGenerator : IIncrementalGenerator
    {
        /// <summary>The tracking names of the pipeline steps, for incrementality tests.</summary>
        public static class Steps
        {
            /// <summary>Reads a <c>[Model]</c> class's attributes and partial properties into a model description.</summary>
            public const string Parse = "Parse";

            /// <summary>Reads a <c>[Block]</c> class's parameters and items.</summary>
            public const string ParseBlock = "ParseBlock";

            /// <summary>Infers every layer's shape and collects the shape and usage diagnostics.</summary>
            public const string Check = "Check";

            /// <summary>Turns a checked model into the plan that the emitters write out.</summary>
            public const string Lower = "Lower";

            /// <summary>Picks the throwing stubs emitted for a model whose Strata errors stop generation.</summary>
            public const string Stubs = "Stubs";
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "Strata.ModelAttribute",
                    static (node, _) => IsClassOrRecordClass(node),
                    static (syntax, cancellationToken) => Parse(syntax, cancellationToken))
                .WithTrackingName(Steps.Parse);

            var blocks = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    BlockUseParser.BlockAttributeName,
                    static (node, _) => IsClassOrRecordClass(node),
                    static (syntax, cancellationToken) => ParseBlock(syntax, cancellationToken))
                .WithTrackingName(Steps.ParseBlock);

            context.RegisterSourceOutput(
                blocks.Select(static (block, _) => block.Spec.Diagnostics),
                static (output, diagnostics) =>
                {
                    foreach (var diagnostic in diagnostics)
                    {
                        output.ReportDiagnostic(diagnostic.ToDiagnostic());
                    }
                });

            context.RegisterSourceOutput(blocks.Select(static (block, _) => block.Shell), static (output, shell) => EmitBlock(output, shell));

            // Models see the blocks as their uses need them: without locations of their own diagnostics, which the blocks report.
            var blockSpecs = blocks
                .Select(static (block, _) => block.Spec with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty })
                .Collect()
                .Select(static (specs, _) => specs.ToEquatableArray());

            var checkedModels = parsed
                .Combine(blockSpecs)
                .Select(static (pair, _) => Check(pair.Left, pair.Right))
                .WithTrackingName(Steps.Check);

            context.RegisterSourceOutput(
                checkedModels.Select(static (model, _) => model.Diagnostics),
                static (output, diagnostics) =>
                {
                    foreach (var diagnostic in diagnostics)
                    {
                        output.ReportDiagnostic(diagnostic.ToDiagnostic());
                    }
                });

            context.RegisterSourceOutput(
                checkedModels.Select(static (model, _) => model.Stubs).WithTrackingName(Steps.Stubs),
                static (output, stubs) => EmitStubs(output, stubs));

            var lowered = checkedModels
                .Select(static (model, _) => Lower(model))
                .WithTrackingName(Steps.Lower);

            context.RegisterSourceOutput(lowered, static (output, model) => Emit(output, model));
        }

        /// <summary>
        /// Classes and record classes: a record is reported (STRATA0031) rather than silently skipped. Structs and record
        /// structs cannot carry [Model] at all (the compiler's CS0592).
        /// </summary>
        private static bool IsClassOrRecordClass(SyntaxNode node) =>
            node is ClassDeclarationSyntax
            || (node is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StructKeyword));

        private static ParsedModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                return ModelParser.Parse(context, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var location = context.TargetNode is TypeDeclarationSyntax syntax
                    ? SourceLocation.Of(syntax.Identifier)
                    : SourceLocation.Of(context.TargetNode);
                var name = context.TargetSymbol.Name;
                var spec = new ModelSpec(null, name, location, null, EquatableArray<GraphItem>.Empty, false, false);
                return new ParsedModel(spec, EquatableArray.Create(InternalError(location, name, "parse", exception)));
            }
        }

        private static ParsedBlock ParseBlock(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                return BlockParser.Parse(context, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var location = context.TargetNode is TypeDeclarationSyntax syntax ? SourceLocation.Of(syntax.Identifier) : SourceLocation.Of(context.TargetNode);
                var name = context.TargetSymbol.Name;
                var spec = new BlockSpec(null, name, context.TargetSymbol.ToDisplayString(), location, EquatableArray<BlockParameter>.Empty, EquatableArray<GraphItem>.Empty, false, EquatableArray.Create(InternalError(location, name, "parse", exception)));
                return new ParsedBlock(spec, null);
            }
        }

        private static CheckedModel Check(ParsedModel parsed, EquatableArray<BlockSpec> blocks)
        {
            try
            {
                var byName = new System.Collections.Generic.Dictionary<string, BlockSpec>();
                foreach (var block in blocks)
                {
                    // A partial block declared in several files is found once per [Block]; the first is as good as any.
                    if (!byName.ContainsKey(block.MetadataName))
                    {
                        byName.Add(block.MetadataName, block);
                    }
                }

                return ShapeChecker.Check(parsed, byName);
            }
            catch (Exception exception)
            {
                var spec = parsed.Spec;
                return new CheckedModel(null, EquatableArray.Create(InternalError(spec.ClassLocation, spec.ClassName, "shape check", exception)));
            }
        }

        /// <summary>The lowered model, or a failure to report; null when there is nothing to emit.</summary>
        private static LoweringResult? Lower(CheckedModel model)
        {
            if (model.Model is not { } shaped)
            {
                return null;
            }

            var hintName = ModelEmitter.HintName(shaped.Namespace, shaped.ClassName);
            try
            {
                return new LoweringResult(shaped.ClassName, hintName, Lowerer.Lower(shaped), null);
            }
            catch (Exception exception)
            {
                return new LoweringResult(shaped.ClassName, hintName, null, Describe("lowering", exception));
            }
        }

        private static void Emit(SourceProductionContext output, LoweringResult? result)
        {
            if (result is null)
            {
                return;
            }

            if (result.Model is not { } model)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, result.ClassName, result.Failure));
                return;
            }

            try
            {
                output.AddSource(result.HintName, SourceText.From(ModelEmitter.Emit(model), Encoding.UTF8));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, model.ClassName, Describe("emit", exception)));
            }
        }

        private static void EmitBlock(SourceProductionContext output, BlockShell? shell)
        {
            if (shell is null)
            {
                return;
            }

            try
            {
                output.AddSource(BlockEmitter.HintName(shell), SourceText.From(BlockEmitter.Emit(shell), Encoding.UTF8));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, shell.ClassName, Describe("emit", exception)));
            }
        }

        private static void EmitStubs(SourceProductionContext output, StubbedModel? stubs)
        {
            if (stubs is null)
            {
                return;
            }

            try
            {
                output.AddSource(StubEmitter.HintName(stubs), SourceText.From(StubEmitter.Emit(stubs), Encoding.UTF8));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, stubs.ClassName, Describe("emit", exception)));
            }
        }

        private static DiagnosticInfo InternalError(SourceLocation location, string model, string stage, Exception exception) =>
            DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, model, Describe(stage, exception));

        private static string Describe(string stage, Exception exception) =>
            stage + " failed with " + exception.GetType().Name + ": " + exception.Message;
    }
}
