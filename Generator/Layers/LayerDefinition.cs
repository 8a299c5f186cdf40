using System.Collections.Generic;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// Everything the generator knows about one layer kind, in the file named after it: how its attribute reads into a
    /// <see cref="LayerSpec"/>, its shape rule and diagnostics, its parameters (state_dict names, shapes, fan-in), its
    /// summary text and FLOPs, the runtime handle its property has, and the member names it makes. Definitions are
    /// stateless singletons reached through <see cref="LayerRegistry"/>; parsing, shape inference and emission call the
    /// part of each stage they need.
    /// </summary>
    internal abstract class LayerDefinition
    {
        /// <summary>The kind, the key equatable records carry.</summary>
        public abstract LayerKind Kind { get; }

        /// <summary>The attribute as users write it, e.g. <c>Conv</c> for <c>Strata.ConvAttribute</c>.</summary>
        public abstract string Name { get; }

        /// <summary>The runtime handle type a property with this layer must have, e.g. <c>Strata.Conv2d</c>.</summary>
        public abstract string HandleType { get; }

        /// <summary>A typical use for messages, e.g. <c>Conv(6, 5)</c>.</summary>
        public abstract string Example { get; }

        /// <summary>
        /// Whether an activation attribute may sit beside it and fuse into its epilogue; when not, the parser reports one.
        /// Sequence layers take none either, but report it at shape time with what they read.
        /// </summary>
        public virtual bool TakesActivation => true;

        /// <summary>Whether its output is a probability distribution (Softmax): a model ending in it says so (IModel.OutputsProbabilities).</summary>
        public virtual bool OutputsProbabilities => false;

        /// <summary>Whether it reads the layers its attribute names (Add, Concat) rather than the one before it; [From] cannot sit on it.</summary>
        public virtual bool NamesItsInputs => false;

        /// <summary>Reads the attribute's arguments into <paramref name="spec"/>; null when one does not bind (a compiler error).</summary>
        public abstract LayerSpec? Read(LayerSpec spec, AttributeArguments arguments);

        /// <summary>The layer's output shape for its input, or null after reporting why there is none.</summary>
        public abstract ShapedLayer? Infer(ShapeContext context);

        /// <summary>The parameters the layer owns, in PyTorch's state_dict order; none by default.</summary>
        public virtual IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            yield break;
        }

        /// <summary>
        /// The private fields that hold the layer's parameters, from its declaration alone (no shapes), so that a user
        /// member of the same name is reported before any shape is known. Must name the fields of <see cref="Parameters"/>.
        /// </summary>
        public virtual IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            yield break;
        }

        /// <summary>The arguments of the handle's constructor, e.g. <c>_c1Weight, _c1Bias</c>; none by default.</summary>
        public virtual string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) => string.Empty;

        /// <summary>The arguments its operation keeps for emission; none by default.</summary>
        public virtual OpArgs Arguments(ShapedLayer layer) => NoArgs.Instance;

        /// <summary>Whether the operation draws dropout masks, which need the model's generator.</summary>
        public virtual bool DrawsMasks(Op op) => false;

        /// <summary>The buffers the operation needs in the memory plan beyond its output and its gradient.</summary>
        public virtual void DeclareBuffers(PlanWriter plan, Op op)
        {
        }

        /// <summary>
        /// The expressions of the <c>Strata.ModelBuffer</c>s the layer keeps beside its parameters (PyTorch's buffers, such as
        /// BatchNorm's running statistics), in state_dict order, which the model lists in <c>Buffers</c>; none by default.
        /// </summary>
        public virtual IEnumerable<string> Buffers(Op op)
        {
            yield break;
        }

        /// <summary>The tensors the operation carries across batches in the model's RecurrentState.</summary>
        public virtual void DeclareState(PlanWriter state, Op op)
        {
        }

        /// <summary>The operation's forward pass on the writer's device.</summary>
        public abstract void Forward(OpWriter writer);

        /// <summary>
        /// The operation's backward pass: parameter gradients (overwritten) and, when needed, the input's gradient. It
        /// may overwrite the gradient of its output.
        /// </summary>
        public abstract void Backward(OpWriter writer);

        /// <summary>
        /// The operation in evaluation when it has folded in the operation before it (<see cref="Op.Folds"/>): one call
        /// that computes both. Only definitions that fold something (BatchNorm) are asked.
        /// </summary>
        public virtual void ForwardFolded(OpWriter writer) => writer.Line("// This layer folds in nothing.");

        /// <summary>
        /// Before the backward of an operation that folded in the one before it, in evaluation: recomputes the tensors its
        /// backward reads, which the folded forward did not write.
        /// </summary>
        public virtual void RecomputeFolded(OpWriter writer)
        {
        }

        /// <summary>
        /// Why the layer has no ONNX form (opset 17 has no operator for it), completing "X is …"; null (the default) when
        /// <see cref="Onnx"/> writes it. A model with such a layer gets an ExportOnnx that throws NotSupportedException with it.
        /// </summary>
        public virtual string? NoOnnxForm => null;

        /// <summary>
        /// The plan buffer (a property name of the MemoryPlan) that holds the layer's attention weights per target step
        /// and source step, which an encoder–decoder model returns as IEncoderDecoderModel.LastAttention; null (the
        /// default) for layers that keep none.
        /// </summary>
        public virtual string? AttentionWeights(Op op) => null;

        /// <summary>The operation's ONNX nodes (opset 17), from the writer's input to its output.</summary>
        public abstract void Onnx(OnnxWriter writer);

        /// <summary>The summary's description of the layer, e.g. <c>Conv 5×5, pad 2, ReLU</c>.</summary>
        public abstract string Describe(ShapedLayer layer);

        /// <summary>Forward FLOPs per sample (per sample and step for sequence layers); a multiply-add counts two.</summary>
        public virtual long Flops(ShapedLayer layer) => 0;
    }

    /// <summary>A private field a layer's generated code declares, and how messages describe it.</summary>
    internal readonly struct ReservedField
    {
        public ReservedField(string name, string description)
        {
            Name = name;
            Description = description;
        }

        public string Name { get; }

        public string Description { get; }
    }
}
