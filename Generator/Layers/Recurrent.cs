using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// What Rnn, Lstm and Gru share, as PyTorch's <c>nn.RNN</c>, <c>nn.LSTM</c> and <c>nn.GRU</c> with
    /// <c>batch_first</c>: <c>(hidden, Layers = 1, Bidirectional = false, ReturnSequences = true, Dropout = 0)</c>,
    /// parameters <c>weight_ih_l0</c> [G·H, in], <c>weight_hh_l0</c> [G·H, H], <c>bias_ih_l0</c> and <c>bias_hh_l0</c>
    /// [G·H] per layer and direction (<c>_reverse</c>), all from U(−1/√H, 1/√H).
    /// </summary>
    internal abstract class Recurrent : LayerDefinition
    {
        /// <summary>PyTorch's limit is memory; ours keeps the generated plan and the fuzz bounded.</summary>
        public const int MaxStackedLayers = 32;

        /// <summary>The gates per hidden unit: G in the weights' G·H rows.</summary>
        public abstract int Gates { get; }

        /// <summary>The cell as the summary names it.</summary>
        protected abstract string CellName(LayerSpec spec);

        /// <summary>The runtime's CPU kernel class, e.g. <c>LstmCpu</c>.</summary>
        protected abstract string CpuKernel { get; }

        /// <summary>The kernel's generic activation argument list, for Rnn's tanh or relu; none by default.</summary>
        protected virtual string CpuGeneric(RecurrentArgs args) => string.Empty;

        /// <summary>The runtime's GPU cell, e.g. <c>global::Strata.Gpu.RecurrentCell.Lstm</c>.</summary>
        protected abstract string GpuCell(RecurrentArgs args);

        /// <summary>The carried states per layer and direction: H, and C for an LSTM.</summary>
        protected virtual string[] States => new[] { "H" };

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var hidden = arguments.ConstructorInt("hidden");
            return hidden is null ? null : spec with { Size = hidden, Sequence = SequenceLayerArguments.Read(arguments, null, ReadActivation(arguments)) };
        }

        /// <summary>The cell's activation argument; only Rnn has one.</summary>
        protected virtual LayerArgument? ReadActivation(AttributeArguments arguments) => null;

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            var options = layer.Sequence!;
            if (context.Input.Sequence != SequenceKind.Features)
            {
                if (context.Input.Sequence == SequenceKind.None)
                {
                    context.Report(DiagnosticDescriptors.RecurrentNeedsSequence, layer.AttributeLocation, Name, layer.Name, context.Input, context.Source, FixForNoSequence(context));
                    return null;
                }

                SequenceShapes.AcceptsFeatures(context);
                return null;
            }

            var valid = SequenceShapes.HasNoActivation(context);
            valid &= SizeChecks.IsPositive(context, layer.Size!, "hidden", ", e.g. [" + Name + "(64)] for 64 state features");
            valid &= SizeChecks.IsPositive(context, options.Layers, "Layers", " (the number of stacked layers)");
            if (options.Layers.Value > MaxStackedLayers)
            {
                context.Report(DiagnosticDescriptors.TooManyStackedLayers, options.Layers.Location, Name, layer.Name, options.Layers.Value, MaxStackedLayers);
                valid = false;
            }

            valid &= CheckOptions(context);
            var dropout = options.Dropout;
            // NaN fails both comparisons; a value just below 1 that rounds to 1f would divide by zero in the kernels.
            if (!(dropout.Value >= 0 && dropout.Value < 1 && (float)dropout.Value < 1f))
            {
                context.Report(DiagnosticDescriptors.RecurrentDropoutOutOfRange, dropout.Location, Name, layer.Name, Format(dropout.Value));
                valid = false;
            }
            else if (dropout.Value > 0 && options.Layers.Value == 1)
            {
                context.Report(DiagnosticDescriptors.RecurrentDropoutWithOneLayer, dropout.Location, Name, layer.Name, Format(dropout.Value));
            }

            if (!valid)
            {
                return null;
            }

            // PyTorch's parameters: weight_ih_l0 [G·H, in], weight_hh_l* [G·H, H], and weight_ih_l1.. [G·H, D·H] when stacked.
            var hidden = layer.Size!.Value;
            var width = SizeChecks.Product(options.Bidirectional ? 2 : 1, hidden);
            var gates = SizeChecks.Product(Gates, hidden);
            const string Fix = "use a smaller hidden size";
            if (!SizeChecks.Fits(context, "output", new[] { width }, layer.Size, Fix)
                || !SizeChecks.Fits(context, "weight_ih_l0", new[] { gates, context.Input[0] }, layer.Size, Fix)
                || !SizeChecks.Fits(context, "weight_hh_l0", new[] { gates, hidden }, layer.Size, Fix)
                || (options.Layers.Value > 1 && !SizeChecks.Fits(context, "weight_ih_l1", new[] { gates, width }, layer.Size, Fix)))
            {
                return null;
            }

            // A sequence of fixed length (from [ToSequence]) keeps its step count; its last step is a plain vector.
            var output = options.ReturnSequences
                ? context.Input with { Dimensions = EquatableArray.Create((int)width) }
                : new Shape(EquatableArray.Create((int)width));
            return new ShapedLayer(layer, context.Input, output, 0, 0, 0, 0);
        }

        public override OpArgs Arguments(ShapedLayer layer) =>
            new RecurrentArgs(layer.Spec.Size!.Value, layer.Spec.Sequence!.Layers.Value, Directions(layer.Spec), DropoutBetweenLayers(layer.Spec), layer.Spec.Sequence.RnnRelu);

        public override bool DrawsMasks(Op op) => ((RecurrentArgs)op.Args).Dropout > 0;

        public override void DeclareBuffers(PlanWriter plan, Op op)
        {
            var args = (RecurrentArgs)op.Args;
            var width = "batch, " + OpWriter.Steps(op.X.Shape) + ", " + Literals.Int(args.Directions * args.Hidden);
            for (var l = 0; l < args.Layers; l++)
            {
                if (!WritesOutput(op, l))
                {
                    plan.Tensor(LayerStem(op, l), width, $"the output sequence of {op.Layer}'s layer {l}");
                    plan.Tensor(LayerStem(op, l) + "Grad", width, $"the gradient of {op.Layer}'s layer {l} output");
                }

                if (DropsAfter(op, l))
                {
                    var mask = DropoutNames.Mask(op.Stem, l);
                    plan.Tensor(mask, width, $"the dropout mask on the output of {op.Layer}'s layer {l}: 0 or 1/(1 − p), or 1 in evaluation");
                }

                for (var d = 0; d < args.Directions; d++)
                {
                    plan.Tensor(Saved(op, l, d), $"{TypeNames.Cpu}.{CpuKernel}.SavedLength({Geometry(op, l)})", $"what layer {l}, direction {d} keeps for backward");
                }
            }

            for (var d = 0; d < args.Directions; d++)
            {
                plan.Member(
                    $"{TypeNames.Cpu}.RecurrentOptions",
                    Options(op, d),
                    $"new {TypeNames.Cpu}.RecurrentOptions {{ Reverse = {Bool(d == 1)}, Lengths = {OpWriter.Lengths(op.X.Shape, string.Empty)}, " +
                    $"OutputWidth = {Literals.Int(args.Directions * args.Hidden)}, OutputOffset = {Literals.Int(d * args.Hidden)} }}",
                    $"The {(d == 1 ? "reverse" : "forward")} direction's options");
            }
        }

        public override void DeclareState(PlanWriter state, Op op)
        {
            var args = (RecurrentArgs)op.Args;
            for (var l = 0; l < args.Layers; l++)
            {
                for (var d = 0; d < args.Directions; d++)
                {
                    foreach (var which in States)
                    {
                        state.Tensor(State(op, l, d, which), "batch, " + Literals.Int(args.Hidden), $"the final {which} of {op.Layer}'s layer {l}, direction {d}");
                    }
                }
            }
        }

        /// <summary>
        /// Each layer and direction in turn, from the carried state when there is one; dropout in place between layers
        /// (a layer's backward reads what it saved, never its output); the last valid step when the output is one vector.
        /// </summary>
        public override void Forward(OpWriter w)
        {
            var op = w.Op;
            var args = (RecurrentArgs)op.Args;
            var gpu = w.Target == Target.Gpu;
            if (!gpu && args.Directions == 1 && args.Layers > 1)
            {
                // Evaluation pipelines a unidirectional stack across the cores (RecurrentStackCpu); dropout is the
                // identity there, but still sets its masks to 1 for a Backward after it.
                using (w.Block($"if ({KeepsSaved(op).Recomputes})"))
                {
                    var layers = Enumerable.Range(0, args.Layers);
                    w.Line(
                        $"{TypeNames.Cpu}.{CpuKernel}.ForwardStack{CpuGeneric(args)}({Geometry(op, 0)}, {w.X}, " +
                        $"[{string.Join(", ", layers.Select(l => $"{op.Field}.Weights({Literals.Int(l)}, false)"))}], " +
                        $"[{string.Join(", ", layers.Select(l => LayerOutput(op, l)))}], _workspace, plan.{Options(op, 0)});");
                    foreach (var l in layers.Where(l => DropsAfter(op, l)))
                    {
                        Dropout(w, l);
                    }
                }

                using (w.Block("else"))
                {
                    ForwardLayers(w, keepsAlways: true);
                }
            }
            else
            {
                ForwardLayers(w, keepsAlways: false);
            }

            if (!op.Y.Shape.IsSequence)
            {
                w.Line(
                    $"{LastStep(w.Target)}Forward(batch, {OpWriter.Steps(op.X.Shape)}, {Literals.Named("hidden", args.Hidden)}, {Literals.Named("directions", args.Directions)}, {OpWriter.Lengths(op.X.Shape, "plan.")}, " +
                    $"{LayerOutput(op, args.Layers - 1)}, {w.Y});");
            }
        }

        /// <summary>
        /// Each layer and direction in turn, each followed by its dropout; with <paramref name="keepsAlways"/> (the
        /// branch that does not pipeline) the CPU forward always keeps what backward reads, otherwise when <see cref="KeepsSaved"/> says.
        /// </summary>
        private void ForwardLayers(OpWriter w, bool keepsAlways)
        {
            var op = w.Op;
            var args = (RecurrentArgs)op.Args;
            var gpu = w.Target == Target.Gpu;
            for (var l = 0; l < args.Layers; l++)
            {
                var x = l == 0 ? w.X : LayerOutput(op, l - 1);
                for (var d = 0; d < args.Directions; d++)
                {
                    var h = "state?." + State(op, l, d, "H");
                    var c = "state?." + State(op, l, d, "C");
                    var lstm = States.Length == 2;
                    // A sequence of fixed length lives in an image model, which carries no state across batches.
                    var states = op.X.Shape.HasStaticSteps
                        ? (gpu || lstm ? "null, null, null, null" : "null, null")
                        : gpu
                        ? (lstm ? $"carried ? {h} : null, carried ? {c} : null, {h}, {c}" : $"carried ? {h} : null, null, {h}, null")
                        : (lstm ? $"carried ? {h} : null, carried ? {c} : null, {h}, {c}" : $"carried ? {h} : null, {h}");
                    w.Line(gpu
                        ? $"{Gpu}.Forward({GpuCell(args)}, {Geometry(op, l)}, {x}, {op.Field}.Weights({Literals.Int(l)}, {Bool(d == 1)}), " +
                          $"{LayerOutput(op, l)}, plan.{Saved(op, l, d)}, plan.{Options(op, d)}, {states});"
                        : CpuForward(op, l, d, keepsAlways ? $"plan.{Saved(op, l, d)}" : $"{KeepsSaved(op).Keeps} ? plan.{Saved(op, l, d)} : null", states));
                }

                if (DropsAfter(op, l))
                {
                    Dropout(w, l);
                }
            }
        }

        private static void Dropout(OpWriter w, int layer)
        {
            var output = LayerOutput(w.Op, layer);
            w.Line(
                $"{w.Target.Kernel("Dropout")}.Forward(plan.{DropoutNames.Mask(w.Op.Stem, layer)}, {output}, {output}, " +
                $"{Literals.Float(((RecurrentArgs)w.Op.Args).Dropout)}, {DropoutNames.Random}, _isTraining);");
        }

        /// <summary>Truncated BPTT: no gradient flows into a carried initial state.</summary>
        public override void Backward(OpWriter w)
        {
            var op = w.Op;
            var args = (RecurrentArgs)op.Args;
            var gpu = w.Target == Target.Gpu;
            if (!op.Y.Shape.IsSequence)
            {
                w.Line(
                    $"{LastStep(w.Target)}Backward(batch, {OpWriter.Steps(op.X.Shape)}, {Literals.Named("hidden", args.Hidden)}, {Literals.Named("directions", args.Directions)}, {OpWriter.Lengths(op.X.Shape, "plan.")}, {w.GradY}, " +
                    $"{LayerOutputGradient(op, args.Layers - 1)});");
            }

            for (var l = args.Layers - 1; l >= 0; l--)
            {
                var x = l == 0 ? w.X : LayerOutput(op, l - 1);
                var dx = l == 0 ? w.GradXArgument : LayerOutputGradient(op, l - 1);
                if (DropsAfter(op, l))
                {
                    var gradient = LayerOutputGradient(op, l);
                    w.Line($"{w.Target.Kernel("Dropout")}.Backward(plan.{DropoutNames.Mask(op.Stem, l)}, {gradient}, {gradient});");
                }

                var nulls = States.Length == 2 ? "null, null" : "null";
                if (!gpu)
                {
                    using (w.Block($"if ({KeepsSaved(op).Recomputes})"))
                    {
                        w.Line($"// The forward ran without keeping what backward reads: run layer {Literals.Int(l)} again, keeping it.");
                        for (var d = 0; d < args.Directions; d++)
                        {
                            w.Line(CpuForward(op, l, d, $"plan.{Saved(op, l, d)}", nulls + ", " + nulls));
                        }
                    }
                }

                for (var d = 0; d < args.Directions; d++)
                {
                    w.Line(gpu
                        ? $"{Gpu}.Backward({GpuCell(args)}, {Geometry(op, l)}, {x}, {op.Field}.Weights({Literals.Int(l)}, {Bool(d == 1)}), " +
                          $"plan.{Saved(op, l, d)}, {LayerOutputGradient(op, l)}, {op.Field}.WeightGradientsUnlessFrozen({Literals.Int(l)}, {Bool(d == 1)}), " +
                          $"plan.{Options(op, d)}, null, null, {dx}, {Bool(d == 1)}, null, null);"
                        : $"{TypeNames.Cpu}.{CpuKernel}.Backward{CpuGeneric(args)}({Geometry(op, l)}, {x}, {op.Field}.Weights({Literals.Int(l)}, {Bool(d == 1)}), " +
                          $"plan.{Saved(op, l, d)}, {LayerOutputGradient(op, l)}, {op.Field}.WeightGradientsUnlessFrozen({Literals.Int(l)}, {Bool(d == 1)}), _workspace, " +
                          $"plan.{Options(op, d)}, {nulls}, {dx}, {Bool(d == 1)}, {nulls});");
                }
            }
        }

        /// <summary>ONNX's RNN, LSTM or GRU nodes per layer, with its gate order and the lengths input.</summary>
        public override void Onnx(OnnxWriter w) =>
            w.Line(
                $"{OnnxWriter.Sequence}.Recurrent(graph, {Literals.String(w.Op.Layer)}, {w.Op.Field}, {Bool(((RecurrentArgs)w.Op.Args).RnnRelu)}, " +
                $"{Bool(w.Op.Y.Shape.IsSequence)}, {Literals.String(w.Input)}, {Literals.String(w.Output)}, {(w.Op.X.Shape.HasStaticSteps ? "null" : "\"lengths\"")});");

        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            var spec = layer.Spec;
            var hidden = spec.Size!.Value;
            var rows = Gates * hidden;
            var directions = Directions(spec);
            var fields = ParameterFields(spec, field).GetEnumerator();
            for (var l = 0; l < spec.Sequence!.Layers.Value; l++)
            {
                var inputSize = l == 0 ? layer.Input[0] : directions * hidden;
                for (var d = 0; d < directions; d++)
                {
                    var suffix = Suffix(l, d);
                    // PyTorch draws every recurrent parameter from U(−1/√hidden, 1/√hidden).
                    foreach (var (name, shape) in new[]
                             {
                                 ("weight_ih_", Shape.Of(rows, inputSize)), ("weight_hh_", Shape.Of(rows, hidden)),
                                 ("bias_ih_", Shape.Of(rows)), ("bias_hh_", Shape.Of(rows)),
                             })
                    {
                        fields.MoveNext();
                        yield return new ParameterPlan(spec.Name + "." + name + suffix, fields.Current.Name, shape, hidden);
                    }
                }
            }
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            var layers = spec.Sequence!.Layers.Value;
            for (var l = 0; l < layers && l < MaxStackedLayers; l++)
            {
                for (var d = 0; d < Directions(spec); d++)
                {
                    var fieldSuffix = "L" + l.ToString(CultureInfo.InvariantCulture) + (d == 1 ? "Reverse" : string.Empty);
                    foreach (var (fieldPart, name) in new[] { ("WeightIh", "weight_ih_"), ("WeightHh", "weight_hh_"), ("BiasIh", "bias_ih_"), ("BiasHh", "bias_hh_") })
                    {
                        yield return new ReservedField(field + fieldPart + fieldSuffix, $"the private field that holds {spec.Name}.{name}{Suffix(l, d)}");
                    }
                }
            }
        }

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) =>
            Emit.Literals.Int(layer.Spec.Size!.Value) + ", " + Emit.Literals.Int(layer.Spec.Sequence!.Layers.Value) + ", "
            + (layer.Spec.Sequence.Bidirectional ? "true" : "false") + ", new " + Emit.TypeNames.Parameter + "[] { "
            + string.Join(", ", System.Linq.Enumerable.Select(parameters, p => p.Field)) + " }";

        public override string Describe(ShapedLayer layer)
        {
            var spec = layer.Spec;
            var options = spec.Sequence!;
            var text = new StringBuilder(string.Format(CultureInfo.InvariantCulture, "{0} {1}→{2}", CellName(spec), layer.Input[0], spec.Size!.Value));
            if (options.Layers.Value > 1)
            {
                text.Append(string.Format(CultureInfo.InvariantCulture, ", {0} layers", options.Layers.Value));
            }

            if (options.Bidirectional)
            {
                text.Append(", bidirectional");
            }

            if (DropoutBetweenLayers(spec) > 0)
            {
                text.Append(", dropout ").Append(DropoutBetweenLayers(spec).ToString("R", CultureInfo.InvariantCulture));
            }

            if (!layer.Output.IsSequence)
            {
                text.Append(", last step");
            }

            return text.ToString();
        }

        /// <summary>Per sample and step: both GEMMs of every layer and direction.</summary>
        public override long Flops(ShapedLayer layer)
        {
            var spec = layer.Spec;
            var hidden = spec.Size!.Value;
            long rows = Gates * hidden;
            long total = 0;
            for (var l = 0; l < spec.Sequence!.Layers.Value; l++)
            {
                var inputSize = l == 0 ? layer.Input[0] : Directions(spec) * hidden;
                total += Directions(spec) * 2L * rows * (inputSize + hidden);
            }

            return total;
        }

        /// <summary>1, or 2 when bidirectional.</summary>
        public static int Directions(LayerSpec spec) => spec.Sequence!.Bidirectional ? 2 : 1;

        /// <summary>The dropout p between stacked layers as the kernels use it; 0 with one layer, where it has no effect.</summary>
        public static float DropoutBetweenLayers(LayerSpec spec) =>
            spec.Sequence!.Layers.Value > 1 ? (float)spec.Sequence.Dropout.Value : 0f;

        /// <summary>The state_dict suffix of layer <paramref name="layer"/> and direction <paramref name="direction"/>: <c>l0</c>, <c>l0_reverse</c>.</summary>
        public static string Suffix(int layer, int direction) =>
            "l" + layer.ToString(CultureInfo.InvariantCulture) + (direction == 1 ? "_reverse" : string.Empty);

        /// <summary>Checks of the cell's own options; Rnn's activation.</summary>
        protected virtual bool CheckOptions(ShapeContext context) => true;

        private static string FixForNoSequence(ShapeContext context)
        {
            if (context.Input.Rank == 3)
            {
                return "put a property with [ToSequence(SequenceAxis.Width)] before it to read the image's columns as steps (a CRNN), " +
                       "or [ToSequence(SequenceAxis.Pixels)] for its pixels; or declare a sequence input, [Input(Sequence, features)]";
            }

            if (context.InputIsFromInputAttribute)
            {
                return "declare the input as [Input(Sequence, features)], e.g. [Input(Sequence, 28)] with 'using static Strata.Dims;'";
            }

            if (context.ModelInput.IsSequence || context.LastRecurrent is not null)
            {
                // Only ReturnSequences = false ends a sequence; Flatten of a sequence is an error of its own.
                return context.LastRecurrent is { } reducer
                    ? "'" + reducer.Name + "' has already reduced the sequence to its last step; give '" + reducer.Name + "' ReturnSequences = true"
                    : "a layer before it has already reduced the sequence to one vector";
            }

            return context.ModelInput.Rank == 3
                ? "a flattened image has no steps; read the image as a sequence with [ToSequence(SequenceAxis.Width)] before the recurrent layer instead of flattening it, or declare a sequence input, [Input(Sequence, features)]"
                : "the model input " + context.ModelInput + " has no time dimension; declare a sequence input, e.g. [Input(Sequence, 28)] with 'using static Strata.Dims;'";
        }

        private const string Gpu = "global::Strata.Gpu.RecurrentGpu";

        /// <summary>
        /// One layer and direction's CPU forward call, writing the layer's output, with <paramref name="saved"/> for
        /// what it keeps for backward (null: only the states its time loop reads) and the initial and final states.
        /// </summary>
        private string CpuForward(Op op, int layer, int direction, string saved, string states)
        {
            var args = (RecurrentArgs)op.Args;
            var x = layer == 0 ? TensorExpressions.Value(op.X) : LayerOutput(op, layer - 1);
            return $"{TypeNames.Cpu}.{CpuKernel}.Forward{CpuGeneric(args)}({Geometry(op, layer)}, {x}, {op.Field}.Weights({Literals.Int(layer)}, {Bool(direction == 1)}), " +
                   $"{LayerOutput(op, layer)}, {saved}, _workspace, plan.{Options(op, direction)}, {states});";
        }

        /// <summary>
        /// Whether the CPU forward keeps what backward reads (the cell's activated gates, 4·T·N·H floats for an LSTM):
        /// in training, and when the initial state is carried, which a recompute could not start from. Evaluation
        /// without carried state skips them (about 4% of an LSTM's inference time), and a Backward after it runs the
        /// layers' forward again first.
        /// </summary>
        private static (string Keeps, string Recomputes) KeepsSaved(Op op) =>
            op.X.Shape.HasStaticSteps ? ("_isTraining", "!_isTraining") : ("_isTraining || _carryState", "!_isTraining && !_carryState");

        private static string LastStep(Target target) =>
            target == Target.Gpu ? "global::Strata.Gpu.SequenceGpu.LastStep" : TypeNames.Cpu + ".LastStepCpu.";

        private static string Geometry(Op op, int layer)
        {
            var args = (RecurrentArgs)op.Args;
            var inputSize = layer == 0 ? op.X.Shape[0] : args.Directions * args.Hidden;
            return $"new {TypeNames.Cpu}.RecurrentGeometry(Batch: batch, Steps: {OpWriter.Steps(op.X.Shape)}, {Literals.Named("InputSize", inputSize)}, {Literals.Named("Hidden", args.Hidden)})";
        }

        private static bool WritesOutput(Op op, int layer) => layer == ((RecurrentArgs)op.Args).Layers - 1 && op.Y.Shape.IsSequence;

        private static bool DropsAfter(Op op, int layer) => ((RecurrentArgs)op.Args).Dropout > 0 && layer < ((RecurrentArgs)op.Args).Layers - 1;

        private static string LayerStem(Op op, int layer) => op.Stem + "L" + Literals.Int(layer);

        private static string LayerOutput(Op op, int layer) => WritesOutput(op, layer) ? TensorExpressions.Value(op.Y) : "plan." + LayerStem(op, layer);

        private static string LayerOutputGradient(Op op, int layer) =>
            WritesOutput(op, layer) ? TensorExpressions.Gradient(op.Y) : "plan." + LayerStem(op, layer) + "Grad";

        private static string Saved(Op op, int layer, int direction) => LayerStem(op, layer) + "D" + Literals.Int(direction) + "Saved";

        private static string State(Op op, int layer, int direction, string which) => LayerStem(op, layer) + "D" + Literals.Int(direction) + which;

        private static string Options(Op op, int direction) => op.Stem + (direction == 1 ? "Reverse" : "Forward");

        private static string Bool(bool value) => value ? "true" : "false";

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A recurrent layer's sizes, its dropout between layers (0 when none) and whether an Rnn uses relu.</summary>
    internal sealed record RecurrentArgs(int Hidden, int Layers, int Directions, float Dropout, bool RnnRelu) : OpArgs;
}
