using System;

namespace Strata
{
    /// <summary>
    /// Multi-head scaled dot-product self-attention over a sequence [T, d] → [T, d], as PyTorch's
    /// <c>nn.MultiheadAttention(d, heads, batch_first=True)</c> called as <c>attn(x, x, x, key_padding_mask=…)</c>:
    /// q, k, v = x·W_inᵀ + b_in split in three, each split into <c>heads</c> heads of d/heads features,
    /// softmax(q·kᵀ/√(d/heads)) · v per head, the heads concatenated, then the output projection. Padded steps (past a
    /// sequence's length) are masked as keys: they get no weight. Parameters as PyTorch's state_dict:
    /// <c>X.in_proj_weight</c> [3d, d] (Xavier uniform), <c>X.in_proj_bias</c> [3d] (0), <c>X.out_proj.weight</c> [d, d]
    /// (U(−1/√d, 1/√d)) and <c>X.out_proj.bias</c> [d] (0):
    /// <c>[MultiHeadAttention(4)] public partial MultiHeadAttention Attention { get; }</c>; with PyTorch's attention
    /// dropout, <c>[MultiHeadAttention(4, Dropout = 0.1)]</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class MultiHeadAttentionAttribute : LayerAttribute
    {
        /// <summary>Declares self-attention with <paramref name="heads"/> heads.</summary>
        /// <param name="heads">The number of heads; it must divide the width of the sequence's steps.</param>
        public MultiHeadAttentionAttribute(int heads)
        {
            Heads = heads;
        }

        /// <summary>
        /// Declares self-attention inside a <see cref="BlockAttribute">[Block]</see> whose number of heads is a block
        /// parameter or an expression of them: <c>[MultiHeadAttention(nameof(heads))]</c>.
        /// </summary>
        public MultiHeadAttentionAttribute(string heads)
            : this(0)
        {
            HeadsFrom = heads;
        }

        /// <summary>The number of heads.</summary>
        public int Heads { get; }

        /// <summary>The expression that gives the heads inside a block, or null.</summary>
        public string? HeadsFrom { get; }

        /// <summary>
        /// PyTorch's <c>dropout</c>: in training, each attention weight (after the softmax, per head, query and key) is
        /// zeroed with this probability and the rest scaled by 1/(1 − p) before they weight the values; in evaluation
        /// and in the ONNX export, none is. It must be in [0, 1); 0 (the default) means none.
        /// </summary>
        public double Dropout { get; set; }

        /// <summary>
        /// Cross-attention: the layer (<c>nameof(Memory)</c>, or <c>Graph.Input</c>) whose output sequence [Tk, d] gives the
        /// keys and values, as PyTorch's <c>attn(query=x, key=memory, value=memory, key_padding_mask=…)</c>; the queries
        /// are the layer's own input [Tq, d], and the output is [Tq, d]. Keys past that sequence's lengths get no weight.
        /// Both must be d wide (the packed <c>in_proj_weight</c> [3d, d] projects both); null (the default) is
        /// self-attention.
        /// </summary>
        public string? KeysFrom { get; set; }
    }
}
