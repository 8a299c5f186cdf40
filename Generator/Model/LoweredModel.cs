using System.Linq;

namespace Strata.Generator.Model
{
    /// <summary>
    /// A model ready to emit: its layers for the class shell and summary, and its operations over tensors whose batch
    /// dimension (and time, for sequence models) is dynamic. Image and sequence models share it, the lowering and the
    /// emitters; only the class shell's Forward signature and the carried state differ.
    /// </summary>
    /// <param name="Namespace">The model's namespace; null for the global namespace.</param>
    /// <param name="ClassName">The model class.</param>
    /// <param name="Inputs">
    /// The model's inputs. The IR takes several; the DSL declares one, <c>input</c>, whose shape is <see cref="Input"/>.
    /// </param>
    /// <param name="Output">The tensor the model returns.</param>
    /// <param name="Layers">Every layer property, Flatten included, in declaration order.</param>
    /// <param name="Ops">The operations in data-flow order.</param>
    /// <param name="Uses">The model's properties that hold block uses, which its constructor binds to their layers' handles.</param>
    internal sealed record LoweredModel(
        string? Namespace,
        string ClassName,
        EquatableArray<TensorRef> Inputs,
        TensorRef Output,
        EquatableArray<LayerPlan> Layers,
        EquatableArray<Op> Ops,
        EquatableArray<BlockMember> Uses = default)
    {
        /// <summary>The per-sample shape of the input the DSL declares; a sequence shape for sequence models.</summary>
        public Shape Input => Inputs[0].Shape;

        /// <summary>Whether the input has a time dimension: the model is an ISequenceModel taking lengths.</summary>
        public bool IsSequence => Input.IsSequence;

        /// <summary>The second input of an encoder–decoder model (<c>[SecondInput]</c>), on its own time axis; null for one input.</summary>
        public TensorRef? SecondInput => Inputs.Count > 1 ? Inputs[1] : null;

        /// <summary>The step-count parameters of the generated bodies: <c>int steps</c>, and <c>int targetSteps</c> for a second input.</summary>
        public string StepParameters => SecondInput is { } second ? "int steps, int " + second.Name + "Steps" : "int steps";

        /// <summary>The step-count arguments that pass them on: <c>steps</c>, and <c>targetSteps</c> for a second input.</summary>
        public string StepArguments => SecondInput is { } second ? "steps, " + second.Name + "Steps" : "steps";

        /// <summary>Whether the input is token ids, which have no gradient.</summary>
        public bool TokenInput => Input.Sequence == SequenceKind.Tokens;

        /// <summary>Whether any layer draws dropout masks, which need the model's generator.</summary>
        public bool HasDropout => Ops.Any(op => op.Definition.DrawsMasks(op));

        /// <summary>Whether the model carries state across batches (ISequenceModel.CarryState): every sequence model does.</summary>
        public bool HasState => IsSequence;

        /// <summary>Whether some operation reads <paramref name="tensor"/> through a flattening view, or the model returns it flattened.</summary>
        public bool IsReadFlat(TensorRef tensor) =>
            Ops.Any(op => op.Inputs.Any(x => x.Key == tensor.Key && x.Flat)) || (Output.Key == tensor.Key && Output.Flat);

        /// <summary>The tensor whose gradient buffers are named after <paramref name="stem"/>, unflattened.</summary>
        public TensorRef WithGradientStem(string stem) => Inputs.Concat(Ops.Select(op => op.Y)).First(x => x.GradientStem == stem);

        /// <summary>The parameter list of the generated Forward and Backward bodies for the inputs (<c>Tensor input</c>).</summary>
        public string InputParameters => string.Join(", ", Inputs.Select(x => "global::Strata.Tensor " + x.Name));

        /// <summary>The arguments that pass the inputs on (<c>input</c>).</summary>
        public string InputArguments => string.Join(", ", Inputs.Select(x => x.Name));
    }
}
