namespace Strata;

/// <summary>The parameters of a GRU (PyTorch nn.GRU, gates r, z, n); see <see cref="RecurrentLayer"/>.</summary>
public sealed class Gru(int hidden, int layers, bool bidirectional, IReadOnlyList<Parameter> parameters)
    : RecurrentLayer(hidden, layers, bidirectional, parameters);
