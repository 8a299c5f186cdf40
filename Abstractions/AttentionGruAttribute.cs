using System;

namespace Strata
{
    /// <summary>
    /// d2l's attention decoder (<c>Seq2SeqAttentionDecoder</c>, §11.4) as one recurrent layer: a GRU whose every step first
    /// attends over a memory sequence with additive (Bahdanau) attention, the previous state as the query, and feeds
    /// [context, x_t] to the cell. The layer reads the target sequence [T, E] before it (or its <c>[From]</c>) and the
    /// memory [S, K] that <see cref="MemoryFrom"/> names, usually the encoder's outputs; keys past the memory's lengths get
    /// no weight. Output [T, hidden]. Parameters as d2l's state_dict: <c>X.attention.W_q.weight</c> [A, hidden],
    /// <c>X.attention.W_k.weight</c> [A, K], <c>X.attention.w_v.weight</c> [1, A] (no biases), <c>X.rnn.weight_ih_l0</c>
    /// [3·hidden, K + E] (context columns first), <c>X.rnn.weight_hh_l0</c>, <c>X.rnn.bias_ih_l0</c>, <c>X.rnn.bias_hh_l0</c>:
    /// <c>[AttentionGru(32, MemoryFrom = nameof(Encoder), StateFromMemory = true)] public partial AttentionGru Decoder { get; }</c>.
    /// It has no ONNX form (opset 17 has no attention-GRU operator): a model with one cannot be exported.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class AttentionGruAttribute : LayerAttribute
    {
        /// <summary>Declares the decoder with <paramref name="hidden"/> state features.</summary>
        public AttentionGruAttribute(int hidden)
        {
            Hidden = hidden;
        }

        /// <summary>The state features.</summary>
        public int Hidden { get; }

        /// <summary>The layer (<c>nameof(Encoder)</c>) whose output sequence is the memory: the attention's keys and values.</summary>
        public string? MemoryFrom { get; set; }

        /// <summary>The features of the additive attention (d2l's <c>num_hiddens</c>); 0 (the default) means as many as <see cref="Hidden"/>.</summary>
        public int AttentionHidden { get; set; }

        /// <summary>
        /// Starts the decoder from the memory's last valid step, as d2l starts it from the encoder's final state (a GRU's
        /// final state is its output at the sequence's last valid step); the memory must then be <see cref="Hidden"/> wide.
        /// False (the default) starts from zeros.
        /// </summary>
        public bool StateFromMemory { get; set; }
    }
}
