namespace Strata.Training;

/// <summary>Updates a fixed list of parameters from their gradients, as a PyTorch <c>torch.optim</c> optimiser.</summary>
public interface IOptimizer
{
    /// <summary>The step size; a schedule may change it between steps.</summary>
    float LearningRate { get; set; }

    /// <summary>Applies one update from every parameter's current <see cref="Parameter.Grad"/>.</summary>
    void Step();
}
