using Strata.Cpu;

namespace Strata;

/// <summary>
/// The parameters of a recurrent layer, named and ordered as PyTorch's state_dict: for each layer l and direction,
/// weight_ih_l{l}, weight_hh_l{l}, bias_ih_l{l}, bias_hh_l{l}, with the suffix _reverse for the backward direction.
/// </summary>
public abstract class RecurrentLayer
{
    private readonly RecurrentWeights[] _weights;
    private readonly RecurrentWeights[] _gradients;

    private protected RecurrentLayer(int hidden, int layers, bool bidirectional, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var directions = bidirectional ? 2 : 1;
        if (parameters.Count != 4 * layers * directions)
        {
            throw new ArgumentException($"Expected {4 * layers * directions} parameters, got {parameters.Count}.", nameof(parameters));
        }

        Hidden = hidden;
        Layers = layers;
        Bidirectional = bidirectional;
        Parameters = parameters;
        _weights = Enumerable.Range(0, layers * directions)
            .Select(i => new RecurrentWeights(parameters[4 * i].Value, parameters[4 * i + 1].Value, parameters[4 * i + 2].Value, parameters[4 * i + 3].Value))
            .ToArray();
        _gradients = Enumerable.Range(0, layers * directions)
            .Select(i => new RecurrentWeights(parameters[4 * i].Grad, parameters[4 * i + 1].Grad, parameters[4 * i + 2].Grad, parameters[4 * i + 3].Grad))
            .ToArray();
    }

    /// <summary>The size of the hidden state.</summary>
    public int Hidden { get; }

    /// <summary>The number of stacked layers.</summary>
    public int Layers { get; }

    /// <summary>Whether each layer has a reverse direction.</summary>
    public bool Bidirectional { get; }

    /// <summary>Every parameter in state_dict order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The weights of layer <paramref name="layer"/> in one direction, as the runtime kernels take them.</summary>
    public RecurrentWeights Weights(int layer, bool reverse = false) => _weights[Index(layer, reverse)];

    /// <summary>
    /// The gradients of <see cref="Weights"/>, as the runtime kernels take them, or null when all four of those parameters
    /// are frozen (<see cref="Parameter.IsFrozen"/>), so that backward computes no weight gradient for them.
    /// </summary>
    public RecurrentWeights? WeightGradientsUnlessFrozen(int layer, bool reverse = false)
    {
        var index = Index(layer, reverse);
        for (var i = 4 * index; i < 4 * index + 4; i++)
        {
            if (!Parameters[i].IsFrozen)
            {
                return _gradients[index];
            }
        }

        return null;
    }

    private int Index(int layer, bool reverse) => layer * (Bidirectional ? 2 : 1) + (reverse ? 1 : 0);
}
