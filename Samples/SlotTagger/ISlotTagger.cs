namespace Strata.Samples;

/// <summary>
/// What the experiment needs of a generated tagger: the model, and its Forward with lengths, which the generator emits
/// on every sequence model but <see cref="IModel"/> does not declare.
/// </summary>
public interface ISlotTagger : IModel
{
    /// <summary>Token ids [batch, steps] → tag logits [batch, steps, tags]; steps past a sequence's length are padding.</summary>
    Tensor Forward(Tensor input, int[]? lengths);
}
