namespace Strata.Training;

/// <summary>The check the cross-entropy sets share before they train a model.</summary>
internal static class TrainingChecks
{
    /// <summary>
    /// Throws when <paramref name="model"/>'s output does not have <paramref name="expected"/>'s rank (a description
    /// such as "[classes]") or already ends in a softmax, which the cross-entropy would apply a second time.
    /// </summary>
    public static void ClassifierOutput(IModel model, string expected, int rank = 1)
    {
        if (model.OutputShape.Count != rank)
        {
            throw new ArgumentException(
                $"This set trains a model whose output is {expected}, got [{string.Join(", ", model.OutputShape)}].", nameof(model));
        }

        if (model.OutputsProbabilities)
        {
            throw new ArgumentException(
                $"The softmax cross-entropy applies its own softmax to the model's output, but {model.GetType().Name} already ends in a softmax, " +
                "so training would apply it twice and learn slowly if at all. Remove the final [Softmax] and train on the logits; apply the softmax " +
                "afterwards when you need probabilities.",
                nameof(model));
        }
    }
}
