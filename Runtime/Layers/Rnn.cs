namespace Strata;

/// <summary>The parameters of an Elman RNN (PyTorch nn.RNN); see <see cref="RecurrentLayer"/>.</summary>
public sealed class Rnn(int hidden, int layers, bool bidirectional, IReadOnlyList<Parameter> parameters)
    : RecurrentLayer(hidden, layers, bidirectional, parameters);
