using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Strata.Generator.Diagnostics;
using Strata.Generator.Layers;
using Strata.Generator.Model;
using Strata.Generator.Parsing;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// Walks a model's items in declaration order, expanding each block use with its own arguments into layers named
    /// after its path (<c>Layer2.0.Conv1</c>), and infers every layer's shape as it goes, so that a block's expressions
    /// can read its input's channels. It stops at the first layer whose shape cannot be known.
    /// </summary>
    internal sealed class GraphWalk
    {
        /// <summary>How many layers a model may expand to, so that a runaway <c>Blocks.Repeat</c> stops the build with a message.</summary>
        public const int MaxLayers = 10_000;

        private readonly IReadOnlyDictionary<string, BlockSpec> _blocks;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly Shape _modelInput;
        private readonly string _modelName;
        private readonly Dictionary<string, Shape> _earlier = new();
        private readonly HashSet<string> _declared = new();
        private readonly Stack<string> _openBlocks = new();
        private string _last = ShapeChecker.GraphInput;
        private LayerSpec? _lastRecurrent;

        public GraphWalk(IReadOnlyDictionary<string, BlockSpec> blocks, List<DiagnosticInfo> diagnostics, Shape modelInput, string modelName, NamedInput? secondInput = null)
        {
            _blocks = blocks;
            _diagnostics = diagnostics;
            _modelInput = modelInput;
            _modelName = modelName;
            if (secondInput is not null)
            {
                // [From("target")] reads the second input as it would an earlier layer; its name is no property's (STRATA0088).
                _earlier[secondInput.Name] = secondInput.Shape;
                _declared.Add(secondInput.Name);
            }
        }

        /// <summary>Every layer, blocks expanded, with its shapes.</summary>
        public List<ShapedLayer> Layers { get; } = new();

        /// <summary>Walks the model's items; false when a layer's shape could not be known (and that was reported).</summary>
        public bool Run(IReadOnlyList<GraphItem> items)
        {
            var scope = new Scope(string.Empty, ShapeChecker.GraphInput, Values(ShapeChecker.GraphInput, new Dictionary<string, Value>()), null);
            if (!Walk(items, scope))
            {
                return false;
            }

            if (scope.Current != _last && items[items.Count - 1] is BlockUse use)
            {
                // Only a block whose last layers its [When] conditions left out ends on an earlier tensor.
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelEndsInLeftOutLayer, use.Location, _modelName, use.Name));
                return false;
            }

            return true;
        }

        private bool Walk(IReadOnlyList<GraphItem> items, Scope scope)
        {
            foreach (var item in items)
            {
                _declared.Add(scope.Prefix + item.ItemName);
            }

            foreach (var item in items)
            {
                var ok = item switch
                {
                    LayerSpec layer => Layer(layer, scope),
                    BlockUse use => Use(use, scope),
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private bool Layer(LayerSpec written, Scope scope)
        {
            if (written.When is { } when)
            {
                var keep = Evaluate(when, "The condition", written.Name, scope, wantBool: true);
                if (keep is null)
                {
                    return false;
                }

                if (!keep.Value.Flag)
                {
                    // Left out: the layer passes through what it would have read.
                    var read = written.From ?? (LayerRegistry.For(written.Kind).NamesItsInputs && written.Sources.Count > 0 ? written.Sources[0] : null);
                    scope.Current = read is null ? scope.Current : Map(read, scope).Name;
                    scope.Names[written.Name] = scope.Current;
                    return true;
                }
            }

            var layer = Instantiate(written, scope);
            if (layer is null)
            {
                return false;
            }

            if (Layers.Count >= MaxLayers)
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InternalError, written.AttributeLocation, _modelName,
                    $"the model expands to more than {MaxLayers.ToString("N0", CultureInfo.InvariantCulture)} layers; use fewer or smaller stages"));
                return false;
            }

            var input = _last == ShapeChecker.GraphInput ? _modelInput : _earlier[_last];
            var source = _last == ShapeChecker.GraphInput ? ShapeChecker.InputSource : "'" + _last + "'";
            var context = Context(layer, input, source);
            if (layer.From is { } from)
            {
                // [From] makes the layer read a named tensor instead of the one before it.
                var read = context.Resolve(from);
                context = read is null ? null : Context(layer, read, ShapeContext.Describe(from));
            }

            var shaped = context is null ? null : LayerRegistry.For(layer.Kind).Infer(context);
            if (shaped is null || !Initialization.Check(shaped, _diagnostics))
            {
                return false;
            }

            Layers.Add(shaped);
            _earlier[layer.Name] = shaped.Output;
            _last = layer.Name;
            scope.Current = layer.Name;
            scope.Names[written.Name] = layer.Name;
            if (LayerRegistry.For(layer.Kind) is Recurrent)
            {
                _lastRecurrent = layer;
            }

            return true;
        }

        private ShapeContext Context(LayerSpec layer, Shape input, string source) =>
            new(layer, input, source, _diagnostics, _modelInput, _lastRecurrent, _earlier, _declared, _modelName);

        /// <summary>The layer as this use has it: named after its path, reading the tensors its names stand for, its expressions evaluated.</summary>
        private LayerSpec? Instantiate(LayerSpec written, Scope scope)
        {
            LayerArgument? Argument(LayerArgument? argument)
            {
                if (argument?.Expression is not { } expression)
                {
                    return argument;
                }

                var value = Evaluate(argument, "The argument", written.Name, scope, wantBool: false);
                return value is null ? null : argument with { Value = value.Value.Number };
            }

            var layer = written with
            {
                Name = scope.Prefix + written.Name,
                Size = Argument(written.Size),
                Kernel = Argument(written.Kernel),
                KernelWidth = Argument(written.KernelWidth),
                Stride = Argument(written.Stride),
                Pad = Argument(written.Pad),
                Groups = Argument(written.Groups),
                Dilation = Argument(written.Dilation),
                OutputPadding = Argument(written.OutputPadding),
                OutputHeight = Argument(written.OutputHeight),
                OutputWidth = Argument(written.OutputWidth),
                When = null,
                From = written.From is { } from ? Map(from, scope) : null,
                Sources = written.Sources.Select(source => Map(source, scope)).ToEquatableArray(),
            };
            var failed = new[] { written.Size, written.Kernel, written.KernelWidth, written.Stride, written.Pad, written.Groups, written.Dilation, written.OutputPadding, written.OutputHeight, written.OutputWidth }
                .Zip(new[] { layer.Size, layer.Kernel, layer.KernelWidth, layer.Stride, layer.Pad, layer.Groups, layer.Dilation, layer.OutputPadding, layer.OutputHeight, layer.OutputWidth }, (before, after) => before is not null && after is null)
                .Any(lost => lost);
            if (failed)
            {
                return null;
            }

            // A layer reads the tensor before it in its scope; after a block, or a layer left out, that is not the last layer.
            if (layer.From is null && !LayerRegistry.For(layer.Kind).NamesItsInputs && scope.Current != _last)
            {
                layer = layer with { From = new NameArgument(scope.Current, written.AttributeLocation) };
            }

            return layer;
        }

        private bool Use(BlockUse use, Scope scope)
        {
            if (!_blocks.TryGetValue(use.Block, out var block))
            {
                // Only blocks with source in this compilation are parsed: one from a referenced assembly cannot be expanded.
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BlockInAnotherAssembly, use.Location, use.Name, use.BlockName, use.Block));
                return false;
            }

            if (!block.Complete)
            {
                // The block reports its own errors.
                return false;
            }

            if (_openBlocks.Contains(use.Block))
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.BlockContainsItself, use.Location, use.Name, use.BlockName, string.Join(" → ", _openBlocks.Reverse().Concat(new[] { use.Block }))));
                return false;
            }

            var input = use.From is { } from ? Map(from, scope) : new NameArgument(scope.Current, use.Location);
            if (input.Name != ShapeChecker.GraphInput && !_earlier.ContainsKey(input.Name))
            {
                var descriptor = _declared.Contains(input.Name) ? DiagnosticDescriptors.LayerReadBeforeItExists : DiagnosticDescriptors.UnknownLayerName;
                _diagnostics.Add(descriptor == DiagnosticDescriptors.UnknownLayerName
                    ? DiagnosticInfo.Create(descriptor, input.Location, "Block", use.Name, input.Name, _modelName)
                    : DiagnosticInfo.Create(descriptor, input.Location, "Block", use.Name, input.Name, "after it"));
                return false;
            }

            var count = 1;
            if (use.RepeatCount is { } repeat)
            {
                var value = Evaluate(repeat, "The count", use.Name, scope, wantBool: false);
                if (value is null)
                {
                    return false;
                }

                count = value.Value.Number;
                if (count < 1 || count > MaxLayers)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.ExpressionHasNoValue, repeat.Location, "The count", repeat.Expression!.Text, use.Name, Describe(scope),
                        $"it is {count}, and a stage has from 1 to {MaxLayers.ToString("N0", CultureInfo.InvariantCulture)} blocks"));
                    return false;
                }
            }
            else
            {
                count = use.Calls.Count;
            }

            _openBlocks.Push(use.Block);
            var current = input.Name;
            for (var k = 0; k < count; k++)
            {
                var call = use.RepeatCount is null ? use.Calls[k] : use.Calls[0];
                var known = new Dictionary<string, Value>(scope.Values);
                if (use.RepeatIndex is { } index)
                {
                    known[index] = Value.Int(k);
                }

                var arguments = new Dictionary<string, Value>();
                foreach (var argument in call.Arguments)
                {
                    var evaluation = argument.Value.Evaluate(known);
                    if (!evaluation.Succeeded)
                    {
                        _diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.ExpressionHasNoValue, argument.Location, "The argument", argument.Value.Text, use.Name, Describe(scope), evaluation.Failure!));
                        _openBlocks.Pop();
                        return false;
                    }

                    arguments[argument.Parameter] = evaluation.Value;
                }

                var path = use.IsArray ? use.Name + "." + k.ToString(CultureInfo.InvariantCulture) : use.Name;
                var display = scope.Prefix + (use.IsArray ? use.Name + "[" + k.ToString(CultureInfo.InvariantCulture) + "]" : use.Name)
                    + " = new " + use.BlockName + "(" + string.Join(", ", block.Parameters.Select(p => p.Name + ": " + (arguments.TryGetValue(p.Name, out var v) ? v.ToString() : "?"))) + ")";
                var inner = new Scope(scope.Prefix + path + ".", current, Values(current, arguments), display);
                if (!Walk(block.Items, inner))
                {
                    _openBlocks.Pop();
                    return false;
                }

                current = inner.Current;
            }

            _openBlocks.Pop();
            scope.Current = current;
            scope.Names[use.Name] = current;
            return true;
        }

        /// <summary>The names an expression reads in a scope: its block's arguments, and <c>inChannels</c>, the channels of what the block reads.</summary>
        private Dictionary<string, Value> Values(string input, Dictionary<string, Value> arguments)
        {
            var shape = input == ShapeChecker.GraphInput ? _modelInput : _earlier[input];
            return new Dictionary<string, Value>(arguments) { [ExpressionNames.InChannels] = Value.Int(shape.Rank > 0 ? shape[0] : 0) };
        }

        private Value? Evaluate(LayerArgument argument, string what, string layer, Scope scope, bool wantBool)
        {
            var expression = argument.Expression!;
            var evaluation = expression.Evaluate(scope.Values);
            var failure = evaluation.Failure
                ?? (evaluation.Value.IsBool == wantBool ? null
                    : wantBool ? $"it is the int {evaluation.Value}, and a condition is a bool"
                    : $"it is {evaluation.Value}, and a layer argument is an int");
            if (failure is null)
            {
                return evaluation.Value;
            }

            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExpressionHasNoValue, argument.Location, what, expression.Text, layer, Describe(scope), failure));
            return null;
        }

        private static string Describe(Scope scope) => scope.Use ?? "in the model";

        /// <summary>The tensor a name written in a scope stands for: the block's input for Graph.Input, else the item's output (by path while it is still to come).</summary>
        private static NameArgument Map(NameArgument name, Scope scope) =>
            name.Name == ShapeChecker.GraphInput ? name with { Name = scope.Input }
            : scope.Names.TryGetValue(name.Name, out var mapped) ? name with { Name = mapped }
            : name with { Name = scope.Prefix + name.Name };

        /// <summary>One model or block use being walked.</summary>
        private sealed class Scope
        {
            public Scope(string prefix, string input, Dictionary<string, Value> values, string? use)
            {
                Prefix = prefix;
                Input = input;
                Current = input;
                Values = values;
                Use = use;
            }

            /// <summary>What its layers' names start with: empty for the model, <c>Layer2.0.</c> in a block use.</summary>
            public string Prefix { get; }

            /// <summary>The tensor it reads: the model input, or what the block use reads.</summary>
            public string Input { get; }

            /// <summary>The tensor its next layer reads unless it names another.</summary>
            public string Current { get; set; }

            /// <summary>Its arguments' values, and <c>inChannels</c>.</summary>
            public Dictionary<string, Value> Values { get; }

            /// <summary>The use, for messages, e.g. <c>Layer2[0] = new Residual(numChannels: 128, ...)</c>; null for the model.</summary>
            public string? Use { get; }

            /// <summary>The tensor each item written so far stands for, by its name in the scope.</summary>
            public Dictionary<string, string> Names { get; } = new();
        }
    }
}
