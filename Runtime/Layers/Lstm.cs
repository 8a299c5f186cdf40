namespace Strata;

/// <summary>The parameters of an LSTM (PyTorch nn.LSTM, gates i, f, g, o); see <see cref="RecurrentLayer"/>.</summary>
public sealed class Lstm(int hidden, int layers, bool bidirectional, IReadOnlyList<Parameter> parameters)
    : RecurrentLayer(hidden, layers, bidirectional, parameters);
