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
    /// <param name="Input">The per-sample input shape; a sequence shape for sequence models.</param>
    /// <param name="Output">The tensor the model returns.</param>
    /// <param name="Layers">Every layer property, Flatten included, in declaration order.</param>
    /// <param name="Ops">The operations in data-flow order.</param>
    internal sealed record LoweredModel(
        string? Namespace,
        string ClassName,
        Shape Input,
        TensorRef Output,
        EquatableArray<LayerPlan> Layers,
        EquatableArray<Op> Ops)
    {
        /// <summary>Whether the input has a time dimension: the model is an ISequenceModel taking lengths.</summary>
        public bool IsSequence => Input.IsSequence;

        /// <summary>Whether the input is token ids, which have no gradient.</summary>
        public bool TokenInput => Input.Sequence == SequenceKind.Tokens;

        /// <summary>Whether some operation reads the model input through a flattening view, whose gradient needs one too.</summary>
        public bool InputGradientFlat => Ops.Any(op => op.Inputs.Any(x => x.IsModelInput && x.Flat));

        /// <summary>Whether any layer draws dropout masks, which need the model's generator.</summary>
        public bool HasDropout => Ops.Any(op => op.Definition.DrawsMasks(op));

        /// <summary>Whether the model carries state across batches (ISequenceModel.CarryState): every sequence model does.</summary>
        public bool HasState => IsSequence;

        /// <summary>Whether some operation reads <paramref name="producer"/>'s output through a flattening view, or the model returns it flattened.</summary>
        public bool IsReadFlat(string producer) => Ops.Any(op => op.Inputs.Any(x => x.Producer == producer && x.Flat)) || (Output.Producer == producer && Output.Flat);
    }
}
