using Strata.Generator.Activations;
using Strata.Generator.Layers;

namespace Strata.Generator.Model
{
    /// <summary>
    /// One operation of the data flow: a layer with its fused activation, reading <see cref="Inputs"/> and writing
    /// <see cref="Output"/>. Tensors are per sample, with a dynamic batch (and time, for sequences). It holds no source
    /// locations, so edits that move code around leave it, and the generated source, unchanged.
    /// </summary>
    /// <param name="Layer">The property it implements, e.g. <c>C1</c>; buffers are named after it.</param>
    /// <param name="Field">The field stem of its handle and parameters, e.g. <c>_c1</c>.</param>
    /// <param name="Kind">The layer, whose definition emits it.</param>
    /// <param name="Args">The definition's own arguments, without locations.</param>
    /// <param name="Activation">The activation its property carries: fused into its epilogue, or run in place after it.</param>
    /// <param name="OutputUnused">
    /// Whether the model output does not depend on it (STRATA0055 warns where such a chain ends): backward then only
    /// zeroes its parameters' gradients.
    /// </param>
    /// <param name="Inputs">The tensors it reads, in the definition's order.</param>
    /// <param name="Output">The tensor it writes.</param>
    /// <param name="Folds">
    /// The operation before it that evaluation folds into it (a convolution, for a BatchNorm): in evaluation the pair runs
    /// as one call of that operation's kernel with folded weights, written by this operation's definition.
    /// </param>
    /// <param name="FoldedAway">Whether the operation after it folds it in, so that it runs only in training.</param>
    internal sealed record Op(
        string Layer,
        string Field,
        LayerKind Kind,
        OpArgs Args,
        Activation Activation,
        EquatableArray<TensorRef> Inputs,
        TensorRef Output,
        bool OutputUnused = false,
        Op? Folds = null,
        bool FoldedAway = false)
    {
        /// <summary>The stem of its generated members' names: <see cref="Layer"/> with a block path's dots as underscores (<c>Layer2_0_Conv1</c>).</summary>
        public string Stem => Identifiers.Of(Layer);

        /// <summary>The tensor it reads, for operations with one input.</summary>
        public TensorRef X => Inputs[0];

        /// <summary>The tensor it writes.</summary>
        public TensorRef Y => Output;

        public LayerDefinition Definition => LayerRegistry.For(Kind);

        /// <summary>The activation its kernels fuse into their epilogue: its own when that fuses, none otherwise.</summary>
        public ActivationDefinition Epilogue => Activation.Definition.Fuses ? Activation.Definition : Identity.Definition;
    }

    /// <summary>The arguments a layer definition keeps for emission: equatable, and free of source locations.</summary>
    internal abstract record OpArgs;

    /// <summary>The arguments of a layer that has none beyond its shapes.</summary>
    internal sealed record NoArgs : OpArgs
    {
        public static readonly NoArgs Instance = new();
    }
}
